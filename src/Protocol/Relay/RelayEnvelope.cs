using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Relay;

/// <summary>
/// The two-byte header every relay envelope opens with (version ‖ message type) and the field readers the
/// envelopes share. Every read is bounded before anything is sliced or allocated.
/// </summary>
public static class RelayEnvelope
{
    public const int HeaderSize = 2;

    /// <summary>Reads only the header, so a service can dispatch on the message type.</summary>
    public static ProtocolResult<RelayMessageType> TryReadType(ReadOnlySpan<byte> envelope)
    {
        var reader = new WireReader(envelope);
        if (!reader.TryReadByte(out var version) || !reader.TryReadByte(out var type))
        {
            return ProtocolError.Truncated;
        }

        if (version != RelayLimits.WireVersion)
        {
            return ProtocolError.UnsupportedVersion;
        }

        return type is >= (byte)RelayMessageType.DepositRequest and <= (byte)RelayMessageType.Health
            ? ProtocolResult<RelayMessageType>.Ok((RelayMessageType)type)
            : ProtocolError.UnknownMessageType;
    }

    internal static ProtocolError TryReadHeader(ref WireReader reader, RelayMessageType expected)
    {
        var versionError = reader.TryReadVersion(RelayLimits.WireVersion);
        if (versionError != ProtocolError.None)
        {
            return versionError;
        }

        if (!reader.TryReadByte(out var type))
        {
            return ProtocolError.Truncated;
        }

        return type == (byte)expected ? ProtocolError.None : ProtocolError.UnknownMessageType;
    }

    internal static void WriteHeader(ref WireWriter writer, RelayMessageType type)
    {
        writer.WriteByte(RelayLimits.WireVersion);
        writer.WriteByte((byte)type);
    }

    /// <summary>A u32 length that must be a bucket size, then that many bytes.</summary>
    internal static ProtocolError TryReadBlob(ref WireReader reader, out ReadOnlySpan<byte> blob)
    {
        blob = default;
        if (!reader.TryReadUInt32(out var length))
        {
            return ProtocolError.Truncated;
        }

        if (length > RelayLimits.LargestBucket || !RelayLimits.IsBucketSize((int)length))
        {
            return ProtocolError.NotABucketSize;
        }

        return reader.TryReadFixed((int)length, out blob) ? ProtocolError.None : ProtocolError.Truncated;
    }

    /// <summary>A u16 count in [min, max], then count fixed-size items read as one contiguous slice.</summary>
    internal static ProtocolError TryReadFixedItems(
        ref WireReader reader, int itemSize, int minCount, int maxCount, ProtocolError countError, out ReadOnlySpan<byte> items)
    {
        items = default;
        if (!reader.TryReadUInt16(out var count))
        {
            return ProtocolError.Truncated;
        }

        if (count < minCount || count > maxCount)
        {
            return countError;
        }

        if (!reader.TryReadFixed(count * itemSize, out items))
        {
            return ProtocolError.Truncated;
        }

        return HasDuplicate(items, itemSize) ? ProtocolError.DuplicateRelayEntry : ProtocolError.None;
    }

    /// <summary>True when two of the fixed-size items packed in <paramref name="items"/> are equal (n ≤ 64, so n² is small).</summary>
    internal static bool HasDuplicate(ReadOnlySpan<byte> items, int itemSize)
    {
        var count = items.Length / itemSize;
        for (var i = 0; i < count; i++)
        {
            var a = items.Slice(i * itemSize, itemSize);
            for (var j = i + 1; j < count; j++)
            {
                if (a.SequenceEqual(items.Slice(j * itemSize, itemSize)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    internal static byte[][] SplitCopies(ReadOnlySpan<byte> items, int itemSize)
    {
        var result = new byte[items.Length / itemSize][];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = items.Slice(i * itemSize, itemSize).ToArray();
        }

        return result;
    }

    internal static byte[] CopyFixed(ReadOnlySpan<byte> value, int size, string parameterName)
    {
        if (value.Length != size)
        {
            throw new ArgumentException($"Must be {size} bytes.", parameterName);
        }

        return value.ToArray();
    }
}
