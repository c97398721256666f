using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Ratchet;

/// <summary>
/// Serialized session state (docs/CRYPTO_SPEC.md part 3 §7): version ‖ flags ‖ key block (320) ‖ Ns ‖ Nr ‖ PN ‖
/// receive steps ‖ skipped count (u16) ‖ count × (HK (32) ‖ N ‖ step ‖ MK (32)) ‖ retired count (u8) ‖
/// count × (HK (32) ‖ step). Absent keys are zero bytes.
/// </summary>
internal static class RatchetStateCodec
{
    public const int FixedSize = 1 + 1 + RatchetState.KeyBlockSize + (4 * 4) + 2;
    public const int SkippedEntrySize = RatchetLimits.KeySize + 4 + 4 + RatchetLimits.KeySize;
    public const int RetiredEntrySize = RatchetLimits.KeySize + 4;
    public const int MaxStateSize = FixedSize + (RatchetLimits.MaxSkippedTotal * SkippedEntrySize) + 1
        + (RetiredHeaderKeys.MaxCount * RetiredEntrySize);

    public static byte[] Serialize(RatchetState state, SkippedMessageKeys skipped, RetiredHeaderKeys retired)
    {
        var output = new byte[FixedSize + (skipped.Count * SkippedEntrySize) + 1 + (retired.Count * RetiredEntrySize)];
        var writer = new WireWriter(output);
        writer.WriteByte(RatchetLimits.StateVersion);
        writer.WriteByte((byte)state.Flags);
        writer.WriteFixed(state.KeyBlock);
        writer.WriteUInt32(state.SendCount);
        writer.WriteUInt32(state.ReceiveCount);
        writer.WriteUInt32(state.PreviousSendCount);
        writer.WriteUInt32(state.ReceiveSteps);
        writer.WriteUInt16((ushort)skipped.Count);
        for (var i = 0; i < skipped.Count; i++)
        {
            var entry = skipped[i];
            writer.WriteFixed(entry.HeaderKey);
            writer.WriteUInt32(entry.Number);
            writer.WriteUInt32(entry.Step);
            writer.WriteFixed(entry.MessageKey);
        }

        writer.WriteByte((byte)retired.Count);
        for (var i = 0; i < retired.Count; i++)
        {
            writer.WriteFixed(retired[i].Key);
            writer.WriteUInt32(retired[i].Step);
        }

        return output;
    }

    /// <summary>Parses and checks state; on any error every partially filled buffer is zeroed.</summary>
    public static ProtocolError TryDeserialize(ReadOnlySpan<byte> bytes, RatchetState state, SkippedMessageKeys skipped,
        RetiredHeaderKeys retired)
    {
        var error = Parse(bytes, state, skipped, retired);
        if (error != ProtocolError.None)
        {
            state.Clear();
            skipped.Clear();
            retired.Clear();
        }

        return error;
    }

    private static ProtocolError Parse(ReadOnlySpan<byte> bytes, RatchetState state, SkippedMessageKeys skipped,
        RetiredHeaderKeys retired)
    {
        if (bytes.Length > MaxStateSize)
        {
            return ProtocolError.LengthOutOfRange;
        }

        var reader = new WireReader(bytes);
        var versionError = reader.TryReadVersion(RatchetLimits.StateVersion);
        if (versionError != ProtocolError.None)
        {
            return versionError;
        }

        if (!reader.TryReadByte(out var flagByte) || !reader.TryReadFixed(RatchetState.KeyBlockSize, out var keys)
            || !reader.TryReadUInt32(out var sendCount) || !reader.TryReadUInt32(out var receiveCount)
            || !reader.TryReadUInt32(out var previousSendCount) || !reader.TryReadUInt32(out var receiveSteps)
            || !reader.TryReadUInt16(out var skippedCount))
        {
            return ProtocolError.Truncated;
        }

        var flags = (RatchetStateFlags)flagByte;
        if ((flags & ~RatchetStateFlags.All) != 0 || skippedCount > RatchetLimits.MaxSkippedTotal)
        {
            return ProtocolError.InvalidRatchetState;
        }

        keys.CopyTo(state.KeyBlock);
        state.Flags = flags;
        state.SendCount = sendCount;
        state.ReceiveCount = receiveCount;
        state.PreviousSendCount = previousSendCount;
        state.ReceiveSteps = receiveSteps;
        if (!IsConsistent(state))
        {
            return ProtocolError.InvalidRatchetState;
        }

        for (var i = 0; i < skippedCount; i++)
        {
            if (!reader.TryReadFixed(RatchetLimits.KeySize, out var headerKey) || !reader.TryReadUInt32(out var number)
                || !reader.TryReadUInt32(out var step) || !reader.TryReadFixed(RatchetLimits.KeySize, out var messageKey))
            {
                return ProtocolError.Truncated;
            }

            if (step > receiveSteps || receiveSteps - step > RatchetLimits.MaxSkippedKeyAgeSteps)
            {
                return ProtocolError.InvalidRatchetState;
            }

            var entry = new SkippedKey(headerKey.ToArray(), number, step, messageKey.ToArray());
            skipped.Append(entry);
            skipped.ZeroIfUnreferenced(entry.OriginalHeaderKey);
        }

        if (!reader.TryReadByte(out var retiredCount))
        {
            return ProtocolError.Truncated;
        }

        if (retiredCount > RetiredHeaderKeys.MaxCount)
        {
            return ProtocolError.InvalidRatchetState;
        }

        for (var i = 0; i < retiredCount; i++)
        {
            if (!reader.TryReadFixed(RatchetLimits.KeySize, out var headerKey) || !reader.TryReadUInt32(out var step))
            {
                return ProtocolError.Truncated;
            }

            if (step >= receiveSteps || receiveSteps - step > RatchetLimits.MaxSkippedKeyAgeSteps)
            {
                return ProtocolError.InvalidRatchetState;
            }

            retired.Add(new RetiredHeaderKey(headerKey.ToArray(), step));
        }

        if (!reader.IsAtEnd)
        {
            return ProtocolError.TrailingBytes;
        }

        // Every skipped key must be reachable: its header key is HKr or a retired one.
        for (var i = 0; i < skipped.Count; i++)
        {
            var headerKey = skipped[i].HeaderKey;
            var isCurrent = state.Has(RatchetStateFlags.HasReceiveHeaderKey)
                && CryptographicOperations.FixedTimeEquals(headerKey, state.ReceiveHeaderKey);
            if (!isCurrent && !retired.Contains(headerKey))
            {
                return ProtocolError.InvalidRatchetState;
            }
        }

        return ProtocolError.None;
    }

    private static bool IsConsistent(RatchetState state)
    {
        var hasRemote = state.Has(RatchetStateFlags.HasRemoteRatchetKey);
        var hasSendChain = state.Has(RatchetStateFlags.HasSendChain);
        var hasReceiveChain = state.Has(RatchetStateFlags.HasReceiveChain);
        var hasSendHeaderKey = state.Has(RatchetStateFlags.HasSendHeaderKey);
        var hasReceiveHeaderKey = state.Has(RatchetStateFlags.HasReceiveHeaderKey);
        var pending = state.Has(RatchetStateFlags.SendRatchetPending);

        if ((hasSendChain && !(hasSendHeaderKey && hasRemote))
            || (hasReceiveChain && !(hasReceiveHeaderKey && hasRemote))
            || (pending && (hasSendChain || !hasReceiveChain)))
        {
            return false;
        }

        // Absent values are stored as zeros: anything else is not a state this code wrote.
        if ((!hasRemote && !IsZero(state.RemoteRatchetKey)) || (!hasSendChain && !IsZero(state.SendChainKey))
            || (!hasReceiveChain && !IsZero(state.ReceiveChainKey)) || (!hasSendHeaderKey && !IsZero(state.SendHeaderKey))
            || (!hasReceiveHeaderKey && !IsZero(state.ReceiveHeaderKey)))
        {
            return false;
        }

        Span<byte> publicKey = stackalloc byte[X25519.PublicKeySize];
        X25519.DerivePublicKey(state.RatchetPrivateKey, publicKey);
        return CryptographicOperations.FixedTimeEquals(publicKey, state.RatchetPublicKey);
    }

    private static bool IsZero(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyExcept((byte)0);
}
