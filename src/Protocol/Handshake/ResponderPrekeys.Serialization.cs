using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Handshake;

/// <summary>The stored form of <see cref="ResponderPrekeys"/> (docs/CRYPTO_SPEC.md part 2 §7). It holds private keys.</summary>
public sealed partial class ResponderPrekeys
{
    private const int GenerationFixedSize = 4 + X25519.PrivateKeySize + Ed25519.SignatureSize + 4 + MlKem768.SeedSize + Ed25519.SignatureSize + 2;
    private const int OneTimeEntrySize = 4 + 1 + X25519.PrivateKeySize + MlKem768.SeedSize + Ed25519.SignatureSize;

    /// <summary>The whole state, private keys included: seal it before it touches a disk, zero it after.</summary>
    public byte[] Serialize()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var size = 1 + Ed25519.PublicKeySize + 4 + 1 + 2 + (_oneTimePrekeys.Count * OneTimeEntrySize);
        foreach (var generation in _generations)
        {
            size += GenerationFixedSize + (generation.Replay.Count * HandshakeLimits.ReplayTagSize);
        }

        var output = new byte[size];
        var writer = new WireWriter(output);
        writer.WriteByte(HandshakeLimits.Version);
        writer.WriteFixed(_identityKey);
        writer.WriteUInt32(_nextPrekeyId);
        writer.WriteByte((byte)_generations.Count);
        foreach (var generation in _generations)
        {
            writer.WriteUInt32(generation.X25519Id);
            writer.WriteFixed(generation.X25519Private);
            writer.WriteFixed(generation.X25519Signature);
            writer.WriteUInt32(generation.MlKemId);
            writer.WriteFixed(generation.MlKemSeed);
            writer.WriteFixed(generation.MlKemSignature);
            writer.WriteUInt16((ushort)generation.Replay.Count);
            foreach (var tag in generation.Replay.Tags)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(writer.Reserve(HandshakeLimits.ReplayTagSize), tag);
            }
        }

        writer.WriteUInt16((ushort)_oneTimePrekeys.Count);
        foreach (var prekey in _oneTimePrekeys.Values)
        {
            writer.WriteUInt32(prekey.Id);
            writer.WriteByte(prekey.HandedOut ? (byte)1 : (byte)0);
            writer.WriteFixed(prekey.X25519Private);
            writer.WriteFixed(prekey.MlKemSeed);
            writer.WriteFixed(prekey.Signature);
        }

        return output;
    }

    /// <summary>
    /// Rebuilds the state (re-deriving the public keys and expanding the ML-KEM seeds). Corrupt bytes give
    /// a typed error: wrong version, truncation, a count over its bound, a duplicate id, trailing bytes.
    /// </summary>
    public static ProtocolResult<ResponderPrekeys> Deserialize(ReadOnlySpan<byte> bytes)
    {
        var reader = new WireReader(bytes);
        var versionError = reader.TryReadVersion(HandshakeLimits.Version);
        if (versionError != ProtocolError.None)
        {
            return versionError;
        }

        if (!reader.TryReadFixed(Ed25519.PublicKeySize, out var identityKey)
            || !reader.TryReadUInt32(out var nextPrekeyId)
            || !reader.TryReadByte(out var generationCount))
        {
            return ProtocolError.Truncated;
        }

        if (generationCount is 0 or > HandshakeLimits.RetainedSignedPrekeyGenerations)
        {
            return ProtocolError.LengthOutOfRange;
        }

        var generations = new List<SignedPrekeyGeneration>(generationCount);
        var oneTimePrekeys = new SortedDictionary<uint, OneTimePrekey>();
        var usedIds = new HashSet<uint>();
        var ok = false;
        try
        {
            for (var i = 0; i < generationCount; i++)
            {
                var error = ReadGeneration(ref reader, nextPrekeyId, out var generation);
                if (error != ProtocolError.None)
                {
                    return error;
                }

                generations.Add(generation!);
                if (!usedIds.Add(generation!.X25519Id) || !usedIds.Add(generation.MlKemId))
                {
                    return ProtocolError.InvalidEncoding;
                }
            }

            if (!reader.TryReadUInt16(out var oneTimeCount))
            {
                return ProtocolError.Truncated;
            }

            if (oneTimeCount > HandshakeLimits.MaxOneTimePrekeys)
            {
                return ProtocolError.LengthOutOfRange;
            }

            for (var i = 0; i < oneTimeCount; i++)
            {
                if (!reader.TryReadUInt32(out var id)
                    || !reader.TryReadByte(out var handedOut)
                    || !reader.TryReadFixed(X25519.PrivateKeySize, out var x25519Private)
                    || !reader.TryReadFixed(MlKem768.SeedSize, out var mlKemSeed)
                    || !reader.TryReadFixed(Ed25519.SignatureSize, out var signature))
                {
                    return ProtocolError.Truncated;
                }

                if (handedOut > 1 || id == 0 || id >= nextPrekeyId || !usedIds.Add(id))
                {
                    return ProtocolError.InvalidEncoding;
                }

                oneTimePrekeys.Add(id, OneTimePrekey.Restore(id, handedOut == 1, x25519Private, mlKemSeed, signature));
            }

            if (!reader.IsAtEnd)
            {
                return ProtocolError.TrailingBytes;
            }

            ok = true;
            return ProtocolResult<ResponderPrekeys>.Ok(new ResponderPrekeys(identityKey.ToArray(), nextPrekeyId, generations, oneTimePrekeys));
        }
        finally
        {
            if (!ok)
            {
                generations.ForEach(g => g.Dispose());
                foreach (var prekey in oneTimePrekeys.Values)
                {
                    prekey.Dispose();
                }
            }
        }
    }

    private static ProtocolError ReadGeneration(ref WireReader reader, uint nextPrekeyId, out SignedPrekeyGeneration? generation)
    {
        generation = null;
        if (!reader.TryReadUInt32(out var x25519Id)
            || !reader.TryReadFixed(X25519.PrivateKeySize, out var x25519Private)
            || !reader.TryReadFixed(Ed25519.SignatureSize, out var x25519Signature)
            || !reader.TryReadUInt32(out var mlKemId)
            || !reader.TryReadFixed(MlKem768.SeedSize, out var mlKemSeed)
            || !reader.TryReadFixed(Ed25519.SignatureSize, out var mlKemSignature)
            || !reader.TryReadUInt16(out var replayCount))
        {
            return ProtocolError.Truncated;
        }

        if (replayCount > HandshakeLimits.MaxReplayEntriesPerSignedPrekey)
        {
            return ProtocolError.LengthOutOfRange;
        }

        if (x25519Id == 0 || mlKemId == 0 || x25519Id >= nextPrekeyId || mlKemId >= nextPrekeyId)
        {
            return ProtocolError.InvalidEncoding;
        }

        if (!reader.TryReadFixed(replayCount * HandshakeLimits.ReplayTagSize, out var tags))
        {
            return ProtocolError.Truncated;
        }

        var restored = SignedPrekeyGeneration.Restore(x25519Id, x25519Private, x25519Signature, mlKemId, mlKemSeed, mlKemSignature);
        for (var i = 0; i < replayCount; i++)
        {
            var tag = System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(tags.Slice(i * HandshakeLimits.ReplayTagSize, HandshakeLimits.ReplayTagSize));
            if (!restored.Replay.TryAdd(tag))
            {
                restored.Dispose();
                return ProtocolError.InvalidEncoding;
            }
        }

        generation = restored;
        return ProtocolError.None;
    }
}
