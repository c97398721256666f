using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Relay;

/// <summary>
/// Hashcash stamp bound to a mailbox token, the deposited blob and an epoch:
/// <c>digest = SHA-256(label ‖ token (32) ‖ SHA-256(blob) (32) ‖ epoch u64 ‖ nonce u64)</c>, valid when the
/// digest has at least <c>difficulty</c> leading zero bits (most significant bit of byte 0 first).
/// Solving costs about 2^difficulty hashes; verifying costs exactly one.
/// </summary>
public static class ProofOfWork
{
    /// <summary>Highest difficulty a relay may ask for or a stamp may be checked against.</summary>
    public const int MaxDifficulty = 32;

    /// <summary>Bytes hashed for one stamp: label (20) + token + payload hash + epoch + nonce.</summary>
    public static int StampInputSize => Labels.RelayPow.Length + RelayLimits.TokenSize + RelayLimits.PayloadHashSize + 8 + 8;

    private const int CancellationCheckInterval = 4096;

    [ThreadStatic]
    private static long s_stampHashes;

    /// <summary>Test hook: how many stamp digests this thread has computed.</summary>
    internal static long StampHashesOnThisThread => s_stampHashes;

    /// <summary>The payload hash a stamp is bound to: SHA-256 of the (bucket-sized) blob as deposited.</summary>
    public static byte[] PayloadHash(ReadOnlySpan<byte> blob)
    {
        var hash = new byte[RelayLimits.PayloadHashSize];
        SHA256.HashData(blob, hash);
        return hash;
    }

    /// <summary>
    /// Finds a nonce, trying <paramref name="startNonce"/>, startNonce + 1, … (wrapping). The caller may
    /// hand a random start; no randomness is needed here. Throws only on caller bugs or cancellation.
    /// </summary>
    public static ulong Solve(
        ReadOnlySpan<byte> token,
        ReadOnlySpan<byte> payloadHash,
        ulong epoch,
        int difficulty,
        ulong startNonce = 0,
        CancellationToken cancellationToken = default)
    {
        CheckInputs(token, payloadHash);
        if (difficulty is < 0 or > MaxDifficulty)
        {
            throw new ArgumentOutOfRangeException(nameof(difficulty), $"Difficulty must be 0..{MaxDifficulty}.");
        }

        Span<byte> input = stackalloc byte[StampInputSize];
        Span<byte> digest = stackalloc byte[32];
        var nonceField = WriteInputPrefix(input, token, payloadHash, epoch);
        var nonce = startNonce;
        var sinceCheck = 0;
        while (true)
        {
            BinaryPrimitives.WriteUInt64BigEndian(nonceField, nonce);
            HashStamp(input, digest);
            if (LeadingZeroBits(digest) >= difficulty)
            {
                return nonce;
            }

            nonce = unchecked(nonce + 1);
            if (nonce == startNonce)
            {
                throw new InvalidOperationException("No nonce in the whole 64-bit space meets the difficulty.");
            }

            if (++sinceCheck == CancellationCheckInterval)
            {
                sinceCheck = 0;
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>
    /// One SHA-256 and a bit count. False for a difficulty outside 0..<see cref="MaxDifficulty"/> and for a
    /// stamp with too few leading zero bits.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> token, ReadOnlySpan<byte> payloadHash, ulong epoch, ulong nonce, int difficulty)
    {
        CheckInputs(token, payloadHash);
        if (difficulty is < 0 or > MaxDifficulty)
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[32];
        ComputeStamp(token, payloadHash, epoch, nonce, digest);
        return LeadingZeroBits(digest) >= difficulty;
    }

    /// <summary>
    /// What a relay checks for a deposit, in order: difficulty in range, epoch current or previous,
    /// stamp meets the difficulty. Gives <see cref="ProtocolError.None"/> when the stamp is accepted.
    /// </summary>
    public static ProtocolError Check(
        ReadOnlySpan<byte> token,
        ReadOnlySpan<byte> payloadHash,
        ulong stampEpoch,
        ulong nonce,
        int difficulty,
        ulong currentEpoch)
    {
        if (difficulty is < 0 or > MaxDifficulty)
        {
            return ProtocolError.DifficultyOutOfRange;
        }

        if (!EpochIsAcceptable(stampEpoch, currentEpoch))
        {
            return ProtocolError.StaleEpoch;
        }

        return Verify(token, payloadHash, stampEpoch, nonce, difficulty) ? ProtocolError.None : ProtocolError.InsufficientProofOfWork;
    }

    /// <summary>A stamp is accepted for the current epoch or the one before it, nothing else.</summary>
    public static bool EpochIsAcceptable(ulong stampEpoch, ulong currentEpoch) =>
        stampEpoch == currentEpoch || (currentEpoch > 0 && stampEpoch == currentEpoch - 1);

    /// <summary>Leading zero bits of a digest, most significant bit of byte 0 first.</summary>
    public static int LeadingZeroBits(ReadOnlySpan<byte> digest)
    {
        var count = 0;
        foreach (var b in digest)
        {
            if (b != 0)
            {
                return count + BitOperations.LeadingZeroCount((uint)b) - 24;
            }

            count += 8;
        }

        return count;
    }

    /// <summary>The stamp digest for one nonce (32 bytes into <paramref name="digest"/>).</summary>
    internal static void ComputeStamp(ReadOnlySpan<byte> token, ReadOnlySpan<byte> payloadHash, ulong epoch, ulong nonce, Span<byte> digest)
    {
        Span<byte> input = stackalloc byte[StampInputSize];
        var nonceField = WriteInputPrefix(input, token, payloadHash, epoch);
        BinaryPrimitives.WriteUInt64BigEndian(nonceField, nonce);
        HashStamp(input, digest);
    }

    private static Span<byte> WriteInputPrefix(Span<byte> input, ReadOnlySpan<byte> token, ReadOnlySpan<byte> payloadHash, ulong epoch)
    {
        var label = Labels.RelayPow;
        label.CopyTo(input);
        var offset = label.Length;
        token.CopyTo(input[offset..]);
        offset += RelayLimits.TokenSize;
        payloadHash.CopyTo(input[offset..]);
        offset += RelayLimits.PayloadHashSize;
        BinaryPrimitives.WriteUInt64BigEndian(input[offset..], epoch);
        offset += 8;
        return input.Slice(offset, 8);
    }

    private static void HashStamp(ReadOnlySpan<byte> input, Span<byte> digest)
    {
        s_stampHashes++;
        SHA256.HashData(input, digest);
    }

    private static void CheckInputs(ReadOnlySpan<byte> token, ReadOnlySpan<byte> payloadHash)
    {
        if (token.Length != RelayLimits.TokenSize)
        {
            throw new ArgumentException($"Token must be {RelayLimits.TokenSize} bytes.", nameof(token));
        }

        if (payloadHash.Length != RelayLimits.PayloadHashSize)
        {
            throw new ArgumentException($"Payload hash must be {RelayLimits.PayloadHashSize} bytes.", nameof(payloadHash));
        }
    }
}
