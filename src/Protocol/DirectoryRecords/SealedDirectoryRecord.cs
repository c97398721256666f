namespace Pvtcoms.Protocol.DirectoryRecords;

/// <summary>What a publisher hands to a relay: the blinded locator to file it under and the sealed blob.</summary>
public sealed class SealedDirectoryRecord
{
    internal SealedDirectoryRecord(byte[] locator, byte[] blob)
    {
        Locator = locator;
        Blob = blob;
    }

    /// <summary>32 bytes; computable only by someone who knows the identity key (<see cref="DirectoryRecord.ComputeLocator"/>).</summary>
    public byte[] Locator { get; }

    public byte[] Blob { get; }

    public override string ToString() => $"SealedDirectoryRecord({Blob.Length} bytes)";
}
