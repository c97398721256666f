using System.Buffers.Binary;
using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Relay;

public sealed class ProofOfWorkTests
{
    private const ulong Epoch = 480_000;

    [Fact]
    public void Solved_stamp_verifies()
    {
        var (token, hash) = Inputs(1);
        for (var difficulty = 0; difficulty <= 12; difficulty++)
        {
            var nonce = ProofOfWork.Solve(token, hash, Epoch, difficulty);
            Assert.True(ProofOfWork.Verify(token, hash, Epoch, nonce, difficulty));
            Assert.Equal(ProtocolError.None, ProofOfWork.Check(token, hash, Epoch, nonce, difficulty, Epoch));
        }
    }

    [Fact]
    public void Stamp_of_difficulty_d_has_at_least_d_leading_zero_bits()
    {
        var (token, hash) = Inputs(2);
        Span<byte> digest = stackalloc byte[32];
        for (var difficulty = 0; difficulty <= 14; difficulty++)
        {
            var nonce = ProofOfWork.Solve(token, hash, Epoch, difficulty, startNonce: (ulong)difficulty * 1_000_003);
            ProofOfWork.ComputeStamp(token, hash, Epoch, nonce, digest);
            Assert.True(ProofOfWork.LeadingZeroBits(digest) >= difficulty);
            Assert.True(CountLeadingZeroBitsSlowly(digest) >= difficulty);
        }
    }

    [Fact]
    public void Stamp_digest_is_sha256_of_label_token_payload_hash_epoch_and_nonce()
    {
        var (token, hash) = Inputs(3);
        const ulong nonce = 0x0102030405060708;
        var input = new List<byte>();
        input.AddRange("pvtcoms/v1/relay-pow"u8.ToArray());
        input.AddRange(token);
        input.AddRange(hash);
        var number = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(number, Epoch);
        input.AddRange(number);
        BinaryPrimitives.WriteUInt64BigEndian(number, nonce);
        input.AddRange(number);

        var expected = SHA256.HashData(input.ToArray());
        var actual = new byte[32];
        ProofOfWork.ComputeStamp(token, hash, Epoch, nonce, actual);
        Assert.Equal(expected, actual);
        Assert.Equal(input.Count, ProofOfWork.StampInputSize);
    }

    [Fact]
    public void Stamp_for_another_token_payload_or_epoch_does_not_verify()
    {
        var (token, hash) = Inputs(4);
        var (otherToken, otherHash) = Inputs(5);
        const int difficulty = 16;
        var nonce = ProofOfWork.Solve(token, hash, Epoch, difficulty);
        Assert.True(ProofOfWork.Verify(token, hash, Epoch, nonce, difficulty));

        // Each would pass only by a 2^-16 coincidence; the inputs are fixed, so this is deterministic.
        Assert.False(ProofOfWork.Verify(otherToken, hash, Epoch, nonce, difficulty));
        Assert.False(ProofOfWork.Verify(token, otherHash, Epoch, nonce, difficulty));
        Assert.False(ProofOfWork.Verify(token, hash, Epoch + 1, nonce, difficulty));
        Assert.False(ProofOfWork.Verify(token, hash, Epoch, nonce + 1, difficulty));
    }

    [Fact]
    public void Payload_hash_is_sha256_of_the_blob()
    {
        var blob = new byte[RelayLimits.Bucket1KiB];
        new DeterministicEntropy(6).Fill(blob);
        Assert.Equal(SHA256.HashData(blob), ProofOfWork.PayloadHash(blob));
    }

    [Fact]
    public void Verify_refuses_difficulty_above_the_maximum()
    {
        var (token, hash) = Inputs(7);
        var nonce = ProofOfWork.Solve(token, hash, Epoch, 0);
        Assert.True(ProofOfWork.Verify(token, hash, Epoch, nonce, 0));
        Assert.False(ProofOfWork.Verify(token, hash, Epoch, nonce, ProofOfWork.MaxDifficulty + 1));
        Assert.False(ProofOfWork.Verify(token, hash, Epoch, nonce, 256));
        Assert.False(ProofOfWork.Verify(token, hash, Epoch, nonce, -1));
        Assert.Equal(ProtocolError.DifficultyOutOfRange, ProofOfWork.Check(token, hash, Epoch, nonce, 33, Epoch));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProofOfWork.Solve(token, hash, Epoch, ProofOfWork.MaxDifficulty + 1));
    }

    [Fact]
    public void Wrong_size_token_or_hash_is_a_caller_bug()
    {
        var (token, hash) = Inputs(8);
        Assert.Throws<ArgumentException>(() => ProofOfWork.Verify(token.AsSpan(1), hash, Epoch, 0, 1));
        Assert.Throws<ArgumentException>(() => ProofOfWork.Verify(token, hash.AsSpan(1), Epoch, 0, 1));
        Assert.Throws<ArgumentException>(() => ProofOfWork.Solve(new byte[33], hash, Epoch, 1));
    }

    [Fact]
    public void Verify_computes_exactly_one_hash()
    {
        var (token, hash) = Inputs(9);
        var nonce = ProofOfWork.Solve(token, hash, Epoch, 8);
        var before = ProofOfWork.StampHashesOnThisThread;
        Assert.True(ProofOfWork.Verify(token, hash, Epoch, nonce, 8));
        Assert.Equal(1, ProofOfWork.StampHashesOnThisThread - before);

        before = ProofOfWork.StampHashesOnThisThread;
        Assert.False(ProofOfWork.Verify(token, hash, Epoch + 5, nonce, 8));
        Assert.Equal(1, ProofOfWork.StampHashesOnThisThread - before);
    }

    [Fact]
    public void Solve_counts_one_hash_per_nonce_tried()
    {
        var (token, hash) = Inputs(10);
        const ulong start = 1000;
        var before = ProofOfWork.StampHashesOnThisThread;
        var nonce = ProofOfWork.Solve(token, hash, Epoch, 6, start);
        Assert.Equal((long)(nonce - start + 1), ProofOfWork.StampHashesOnThisThread - before);
        for (var n = start; n < nonce; n++)
        {
            Assert.False(ProofOfWork.Verify(token, hash, Epoch, n, 6));
        }
    }

    [Fact]
    public void Solve_wraps_around_the_nonce_space()
    {
        var (token, hash) = Inputs(11);
        var nonce = ProofOfWork.Solve(token, hash, Epoch, 10, startNonce: ulong.MaxValue - 3);
        Assert.True(ProofOfWork.Verify(token, hash, Epoch, nonce, 10));
    }

    [Fact]
    public void Solve_stops_when_cancelled()
    {
        var (token, hash) = Inputs(12);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => ProofOfWork.Solve(token, hash, Epoch, ProofOfWork.MaxDifficulty, 0, cancelled.Token));
    }

    [Theory]
    [InlineData(3, 600)]
    [InlineData(6, 250)]
    public void Average_tries_are_close_to_two_to_the_difficulty(int difficulty, int runs)
    {
        long tries = 0;
        for (var run = 0; run < runs; run++)
        {
            var (token, hash) = Inputs(10_000 + run);
            var nonce = ProofOfWork.Solve(token, hash, Epoch, difficulty);
            tries += (long)nonce + 1;
        }

        var average = (double)tries / runs;
        var expected = Math.Pow(2, difficulty);

        // The mean of n geometric draws has a standard deviation near 2^d / sqrt(n) (< 7 % here); a factor of
        // two either way is tens of deviations.
        Assert.InRange(average, expected / 2, expected * 2);
    }

    [Fact]
    public void Only_the_current_and_the_previous_epoch_are_acceptable()
    {
        Assert.True(ProofOfWork.EpochIsAcceptable(100, 100));
        Assert.True(ProofOfWork.EpochIsAcceptable(99, 100));
        Assert.False(ProofOfWork.EpochIsAcceptable(98, 100));
        Assert.False(ProofOfWork.EpochIsAcceptable(101, 100));
        Assert.False(ProofOfWork.EpochIsAcceptable(0, ulong.MaxValue));
        Assert.True(ProofOfWork.EpochIsAcceptable(0, 0));
        Assert.False(ProofOfWork.EpochIsAcceptable(ulong.MaxValue, 0));

        var (token, hash) = Inputs(13);
        var nonce = ProofOfWork.Solve(token, hash, 99, 4);
        Assert.Equal(ProtocolError.None, ProofOfWork.Check(token, hash, 99, nonce, 4, 100));
        Assert.Equal(ProtocolError.StaleEpoch, ProofOfWork.Check(token, hash, 99, nonce, 4, 101));
    }

    [Fact]
    public void Check_reports_an_insufficient_stamp()
    {
        var (token, hash) = Inputs(14);
        ulong nonce = 0;
        while (ProofOfWork.Verify(token, hash, Epoch, nonce, 1))
        {
            nonce++;
        }

        Assert.Equal(ProtocolError.InsufficientProofOfWork, ProofOfWork.Check(token, hash, Epoch, nonce, 1, Epoch));
    }

    [Fact]
    public void Leading_zero_bits_are_counted_from_the_most_significant_bit()
    {
        Assert.Equal(0, ProofOfWork.LeadingZeroBits([0x80, 0, 0]));
        Assert.Equal(7, ProofOfWork.LeadingZeroBits([0x01, 0xFF]));
        Assert.Equal(8, ProofOfWork.LeadingZeroBits([0x00, 0xFF]));
        Assert.Equal(11, ProofOfWork.LeadingZeroBits([0x00, 0x10]));
        Assert.Equal(256, ProofOfWork.LeadingZeroBits(new byte[32]));
    }

    private static int CountLeadingZeroBitsSlowly(ReadOnlySpan<byte> digest)
    {
        var count = 0;
        for (var i = 0; i < digest.Length * 8; i++)
        {
            if ((digest[i / 8] & (0x80 >> (i % 8))) != 0)
            {
                break;
            }

            count++;
        }

        return count;
    }

    private static (byte[] Token, byte[] PayloadHash) Inputs(int seed)
    {
        var entropy = new DeterministicEntropy(seed);
        var token = new byte[32];
        var blob = new byte[RelayLimits.Bucket1KiB];
        entropy.Fill(token);
        entropy.Fill(blob);
        return (token, ProofOfWork.PayloadHash(blob));
    }
}
