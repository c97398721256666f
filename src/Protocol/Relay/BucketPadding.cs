using System.Buffers.Binary;

namespace Pvtcoms.Protocol.Relay;

/// <summary>
/// Pads a payload to a fixed bucket so the relay learns only which bucket a message falls in.
/// Layout: u32 big-endian payload length ‖ payload ‖ zero fill, total = bucket − sealOverhead, so that
/// sealing the padded bytes (which adds exactly <c>sealOverhead</c> bytes) yields a blob of exactly a
/// bucket size. With <c>sealOverhead = 0</c> the padded bytes themselves are bucket-sized.
/// The padding is zero and is checked on unpad, in time that depends only on the blob's length.
/// </summary>
public static class BucketPadding
{
    public const int LengthPrefixSize = 4;

    /// <summary>True when <paramref name="length"/> is one of the fixed bucket sizes.</summary>
    public static bool IsBucketSize(int length) => RelayLimits.IsBucketSize(length);

    /// <summary>The largest payload that fits the largest bucket with this seal overhead.</summary>
    public static int MaxPayloadSize(int sealOverhead = 0)
    {
        CheckOverhead(sealOverhead);
        return RelayLimits.LargestBucket - sealOverhead - LengthPrefixSize;
    }

    /// <summary>
    /// Length of the padded bytes for a payload of <paramref name="payloadLength"/>: the smallest bucket
    /// that holds prefix, payload and overhead, minus the overhead. A payload above
    /// <see cref="MaxPayloadSize"/> is a caller bug (the composer must check first) and throws.
    /// </summary>
    public static int PaddedSize(int payloadLength, int sealOverhead = 0)
    {
        CheckOverhead(sealOverhead);
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        var needed = (long)payloadLength + LengthPrefixSize + sealOverhead;
        foreach (var bucket in RelayLimits.BucketSizes)
        {
            if (needed <= bucket)
            {
                return bucket - sealOverhead;
            }
        }

        throw new ArgumentException(
            $"Payload larger than the largest bucket allows ({MaxPayloadSize(sealOverhead)} bytes with this overhead).",
            nameof(payloadLength));
    }

    public static byte[] Pad(ReadOnlySpan<byte> payload, int sealOverhead = 0)
    {
        var padded = new byte[PaddedSize(payload.Length, sealOverhead)];
        Pad(payload, padded, sealOverhead);
        return padded;
    }

    /// <summary>Pads into <paramref name="destination"/>, which must be exactly <see cref="PaddedSize"/> long.</summary>
    public static void Pad(ReadOnlySpan<byte> payload, Span<byte> destination, int sealOverhead = 0)
    {
        if (destination.Length != PaddedSize(payload.Length, sealOverhead))
        {
            throw new ArgumentException("Destination must be exactly PaddedSize(payload.Length, sealOverhead) bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)payload.Length);
        payload.CopyTo(destination[LengthPrefixSize..]);
        destination[(LengthPrefixSize + payload.Length)..].Clear();
    }

    /// <summary>
    /// Recovers the payload. Refuses a length that is not a bucket (after adding the overhead), a length
    /// prefix larger than the room after it, and any non-zero padding byte. Never throws on hostile bytes.
    /// </summary>
    public static ProtocolResult<byte[]> TryUnpad(ReadOnlySpan<byte> padded, int sealOverhead = 0)
    {
        var error = TryLocatePayload(padded, sealOverhead, out var payloadLength);
        return error == ProtocolError.None
            ? ProtocolResult<byte[]>.Ok(padded.Slice(LengthPrefixSize, payloadLength).ToArray())
            : error;
    }

    /// <summary>
    /// Checks the padding and gives the payload length without copying: the payload is
    /// <c>padded.Slice(4, payloadLength)</c>.
    /// </summary>
    public static ProtocolError TryLocatePayload(ReadOnlySpan<byte> padded, int sealOverhead, out int payloadLength)
    {
        CheckOverhead(sealOverhead);
        payloadLength = 0;
        if (!IsBucketSize(padded.Length + sealOverhead) || padded.Length < LengthPrefixSize)
        {
            return ProtocolError.NotABucketSize;
        }

        var declared = BinaryPrimitives.ReadUInt32BigEndian(padded);
        var body = padded[LengthPrefixSize..];
        if (declared > (uint)body.Length)
        {
            return ProtocolError.PaddedLengthOutOfRange;
        }

        var length = (int)declared;

        // Every byte of the body is visited; a byte counts only when its index is at or past the payload
        // length, selected by a mask instead of a branch, so the time depends on the bucket alone.
        var accumulator = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var isPadding = (length - 1 - i) >> 31; // all ones when i >= length, else zero
            accumulator |= body[i] & isPadding;
        }

        if (accumulator != 0)
        {
            return ProtocolError.NonZeroPadding;
        }

        payloadLength = length;
        return ProtocolError.None;
    }

    private static void CheckOverhead(int sealOverhead)
    {
        if (sealOverhead is < 0 or > RelayLimits.MaxSealOverhead)
        {
            throw new ArgumentOutOfRangeException(nameof(sealOverhead), $"Seal overhead must be 0..{RelayLimits.MaxSealOverhead}.");
        }
    }
}
