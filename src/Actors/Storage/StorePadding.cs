using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Pvtcoms.Actors.Storage;

/// <summary>
/// Pads a row's plaintext to a size class before it is sealed, so a stored row shows its size only coarsely:
/// u32 BE length ‖ payload ‖ zeros, total = the next power of two ≥ 64 up to 16 KiB, then the next multiple of
/// 16 KiB (docs/spec/client-storage.md).
/// </summary>
internal static class StorePadding
{
    public const int LengthPrefixSize = 4;
    public const int SmallestClass = 64;
    public const int LargeStep = 16 * 1024;

    public static int ClassFor(int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        var needed = checked(payloadLength + LengthPrefixSize);
        if (needed <= LargeStep)
        {
            return Math.Max(SmallestClass, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)needed));
        }

        return checked((needed + LargeStep - 1) / LargeStep * LargeStep);
    }

    /// <summary>The padded buffer; the caller zeroes it after sealing.</summary>
    public static byte[] Pad(ReadOnlySpan<byte> payload)
    {
        var padded = new byte[ClassFor(payload.Length)];
        BinaryPrimitives.WriteUInt32BigEndian(padded, (uint)payload.Length);
        payload.CopyTo(padded.AsSpan(LengthPrefixSize));
        return padded;
    }

    /// <summary>The payload of an opened row, or false when the padding is not exactly what <see cref="Pad"/> writes.</summary>
    public static bool TryUnpad(ReadOnlySpan<byte> padded, out byte[] payload)
    {
        payload = [];
        if (padded.Length < LengthPrefixSize)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(padded);
        if (length > (uint)(padded.Length - LengthPrefixSize) || padded.Length != ClassFor((int)length))
        {
            return false;
        }

        var tail = padded[(LengthPrefixSize + (int)length)..];
        if (tail.ContainsAnyExcept((byte)0))
        {
            return false;
        }

        payload = padded.Slice(LengthPrefixSize, (int)length).ToArray();
        return true;
    }

    public static void Zero(byte[]? buffer)
    {
        if (buffer is not null)
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }
}
