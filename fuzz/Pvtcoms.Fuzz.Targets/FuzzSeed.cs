namespace Pvtcoms.Fuzz.Targets;

/// <summary>
/// One input of a target's seed corpus. <see cref="Valid"/> seeds must be accepted by the target's parser (the
/// corpus replay test checks it, so a committed corpus that went stale is noticed); the others are edge cases.
/// </summary>
public sealed record FuzzSeed(string Name, byte[] Bytes, bool Valid)
{
    public override string ToString() => $"{Name} ({Bytes.Length} bytes)";
}
