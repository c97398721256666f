using System.Buffers.Binary;
using System.Security.Cryptography;
using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// Proof of work at its boundaries, with every digest recomputed here from docs/CRYPTO_SPEC.md part 5
/// (<c>SHA-256("pvtcoms/v1/relay-pow" ‖ token ‖ payloadHash ‖ epoch u64 ‖ nonce u64)</c>, leading zero bits
/// counted from bit 7 of byte 0) with .NET's SHA-256, independently of <see cref="ProofOfWork"/>.
/// </summary>
public sealed class RelayProofOfWorkMutationTests
{
    private const ulong Epoch = 1;

    /// <summary>Token 00 01 … 1F.</summary>
    private static readonly byte[] s_token = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    /// <summary>SHA-256 of a 1 KiB blob of zeros.</summary>
    private static readonly byte[] s_payloadHash = SHA256.HashData(new byte[RelayLimits.Bucket1KiB]);

    [Theory]
    [InlineData(-1)]
    [InlineData(ProofOfWork.MaxDifficulty + 1)]
    public void Solve_refuses_a_difficulty_out_of_range_with_its_message(int difficulty)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ProofOfWork.Solve(s_token, s_payloadHash, Epoch, difficulty));
        Assert.Equal("difficulty", e.ParamName);
        Assert.StartsWith("Difficulty must be 0..32.", e.Message);
    }

    [Fact]
    public void Wrong_size_token_or_payload_hash_says_which_size_was_expected()
    {
        var token = Assert.Throws<ArgumentException>(() => ProofOfWork.Verify(new byte[31], s_payloadHash, Epoch, 0, 1));
        Assert.Equal("token", token.ParamName);
        Assert.StartsWith("Token must be 32 bytes.", token.Message);
        var hash = Assert.Throws<ArgumentException>(() => ProofOfWork.Verify(s_token, new byte[33], Epoch, 0, 1));
        Assert.Equal("payloadHash", hash.ParamName);
        Assert.StartsWith("Payload hash must be 32 bytes.", hash.Message);
    }

    [Fact]
    public void Check_at_the_maximum_difficulty_goes_on_to_the_epoch_and_the_stamp()
    {
        Assert.True(LeadingZeroBits(Digest(Epoch, 0)) < ProofOfWork.MaxDifficulty);
        Assert.Equal(ProtocolError.StaleEpoch, ProofOfWork.Check(s_token, s_payloadHash, Epoch, 0, ProofOfWork.MaxDifficulty, Epoch + 2));
        Assert.Equal(ProtocolError.InsufficientProofOfWork, ProofOfWork.Check(s_token, s_payloadHash, Epoch, 0, ProofOfWork.MaxDifficulty, Epoch));
        Assert.Equal(ProtocolError.DifficultyOutOfRange, ProofOfWork.Check(s_token, s_payloadHash, Epoch, 0, ProofOfWork.MaxDifficulty + 1, Epoch));
    }

    [Fact]
    public void A_stamp_with_exactly_32_leading_zero_bits_meets_the_maximum_difficulty()
    {
        // Found once by a search over 12 · 10^9 nonces (a C program with OpenSSL's SHA-256, not ProofOfWork);
        // the digest is recomputed here: 00000000 be4bc15b …, exactly 32 leading zero bits.
        const ulong nonce = 12_136_411_287;
        var digest = Digest(Epoch, nonce);
        Assert.Equal("00000000BE4BC15B", Convert.ToHexString(digest, 0, 8));
        Assert.Equal(32, LeadingZeroBits(digest));

        Assert.True(ProofOfWork.Verify(s_token, s_payloadHash, Epoch, nonce, ProofOfWork.MaxDifficulty));
        Assert.False(ProofOfWork.Verify(s_token, s_payloadHash, Epoch, nonce, ProofOfWork.MaxDifficulty + 1));
        Assert.Equal(ProtocolError.None, ProofOfWork.Check(s_token, s_payloadHash, Epoch, nonce, ProofOfWork.MaxDifficulty, Epoch + 1));
        Assert.Equal(32, ProofOfWork.LeadingZeroBits(digest));

        // Three nonces before it fall short, so a solve at the maximum difficulty from there finds this one.
        Assert.All([nonce - 3, nonce - 2, nonce - 1], n => Assert.True(LeadingZeroBits(Digest(Epoch, n)) < 32));
        Assert.Equal(nonce, ProofOfWork.Solve(s_token, s_payloadHash, Epoch, ProofOfWork.MaxDifficulty, nonce - 3));
    }

    [Fact]
    public void Cancellation_is_checked_after_every_4096_failed_tries_and_not_before()
    {
        // The first nonce from 0 with at least 14 leading zero bits, found here without ProofOfWork.
        const int difficulty = 14;
        var solution = 0UL;
        while (LeadingZeroBits(Digest(Epoch, solution)) < difficulty)
        {
            solution++;
        }

        Assert.True(solution >= 4096, "the test needs a solution at least 4096 tries from nonce 0");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        // 4095 failed tries before the solution: no check yet, so the cancelled solve still finds it.
        Assert.Equal(solution, ProofOfWork.Solve(s_token, s_payloadHash, Epoch, difficulty, solution - 4095, cancelled.Token));

        // 4096 failed tries: the check after the 4096th notices the cancellation.
        Assert.Throws<OperationCanceledException>(() =>
            ProofOfWork.Solve(s_token, s_payloadHash, Epoch, difficulty, solution - 4096, cancelled.Token));

        // Without cancellation the solve from 0 finds the same first solution.
        Assert.Equal(solution, ProofOfWork.Solve(s_token, s_payloadHash, Epoch, difficulty));
    }

    private static byte[] Digest(ulong epoch, ulong nonce)
    {
        var input = new byte[20 + 32 + 32 + 8 + 8];
        "pvtcoms/v1/relay-pow"u8.CopyTo(input);
        s_token.CopyTo(input, 20);
        s_payloadHash.CopyTo(input, 52);
        BinaryPrimitives.WriteUInt64BigEndian(input.AsSpan(84), epoch);
        BinaryPrimitives.WriteUInt64BigEndian(input.AsSpan(92), nonce);
        return SHA256.HashData(input);
    }

    private static int LeadingZeroBits(byte[] digest)
    {
        var count = 0;
        for (var bit = 0; bit < digest.Length * 8; bit++)
        {
            if ((digest[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                return count;
            }

            count++;
        }

        return count;
    }
}
