using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Pvtcoms.Relay.Mailbox;

/// <summary>
/// The relay's name for one stored blob: 16 bytes from the OS CSPRNG, unrelated to the blob's content,
/// the token or the depositor. Clients confirm receipt by it.
/// </summary>
public readonly record struct BlobId(ulong High, ulong Low)
{
    public const int Size = 16;

    public static BlobId NewRandom()
    {
        Span<byte> bytes = stackalloc byte[Size];
        RandomNumberGenerator.Fill(bytes);
        return Read(bytes);
    }

    public static BlobId Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Size)
        {
            throw new ArgumentException("A blob id needs 16 bytes.", nameof(bytes));
        }

        return new BlobId(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException("A blob id needs 16 bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    public override string ToString() => "BlobId";
}
