using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Pvtcoms.Relay.Mailbox;

/// <summary>
/// The first 16 bytes of SHA-256 over a deposited blob: how a mailbox recognises a replayed deposit
/// (same token, same blob). Kept only while the deposit's proof of work could still be replayed.
/// </summary>
public readonly record struct BlobDigest(ulong High, ulong Low)
{
    public const int Size = 16;

    public static BlobDigest Of(ReadOnlySpan<byte> blob)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(blob, hash);
        return Read(hash);
    }

    /// <summary>From a full SHA-256 of the blob (the proof-of-work payload hash).</summary>
    public static BlobDigest FromSha256(ReadOnlySpan<byte> sha256) => Read(sha256);

    public static BlobDigest Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Size)
        {
            throw new ArgumentException("A blob digest needs 16 bytes.", nameof(bytes));
        }

        return new BlobDigest(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException("A blob digest needs 16 bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    public override string ToString() => "BlobDigest";
}
