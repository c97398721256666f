using System.Buffers.Binary;
using System.Security.Cryptography;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Relay;

public sealed class RelayTokenTests
{
    [Fact]
    public void Both_sides_derive_the_same_token_for_the_same_direction_and_epoch()
    {
        var secret = Secret(1);
        var initiatorCopy = (byte[])secret.Clone();
        var responderCopy = (byte[])secret.Clone();
        foreach (var direction in new[] { RelayDirection.InitiatorToResponder, RelayDirection.ResponderToInitiator })
        {
            Assert.Equal(
                RelayToken.Derive(initiatorCopy, direction, 20_000),
                RelayToken.Derive(responderCopy, direction, 20_000));
        }
    }

    [Fact]
    public void Token_is_hmac_of_label_direction_and_epoch_under_the_hkdf_token_key()
    {
        var secret = Secret(2);
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: [], info: "pvtcoms/v1/relay-token-key"u8.ToArray());
        var input = new byte["pvtcoms/v1/relay-token"u8.Length + 9];
        "pvtcoms/v1/relay-token"u8.CopyTo(input);
        input[^9] = 1;
        BinaryPrimitives.WriteUInt64BigEndian(input.AsSpan(input.Length - 8), 77);
        Assert.Equal(HMACSHA256.HashData(key, input), RelayToken.Derive(secret, RelayDirection.ResponderToInitiator, 77));
    }

    [Fact]
    public void Directions_epochs_and_secrets_give_different_tokens()
    {
        var secret = Secret(3);
        var a = RelayToken.Derive(secret, RelayDirection.InitiatorToResponder, 5);
        Assert.NotEqual(a, RelayToken.Derive(secret, RelayDirection.ResponderToInitiator, 5));
        Assert.NotEqual(a, RelayToken.Derive(secret, RelayDirection.InitiatorToResponder, 6));
        Assert.NotEqual(a, RelayToken.Derive(Secret(4), RelayDirection.InitiatorToResponder, 5));
    }

    [Fact]
    public void Tokens_of_one_conversation_across_epochs_look_independent_and_uniform()
    {
        var secret = Secret(5);
        const int epochs = 2000;
        var tokens = new List<byte[]>(epochs * 2);
        for (ulong epoch = 0; epoch < epochs; epoch++)
        {
            tokens.Add(RelayToken.Derive(secret, RelayDirection.InitiatorToResponder, epoch));
            tokens.Add(RelayToken.Derive(secret, RelayDirection.ResponderToInitiator, epoch));
        }

        Assert.Equal(tokens.Count, tokens.Select(Convert.ToHexString).Distinct().Count());

        // Equal bytes at equal positions between consecutive tokens: chance is 32/256 = 0.125 per pair.
        long equalPositions = 0;
        for (var i = 1; i < tokens.Count; i++)
        {
            for (var j = 0; j < 32; j++)
            {
                equalPositions += tokens[i][j] == tokens[i - 1][j] ? 1 : 0;
            }
        }

        var expected = (tokens.Count - 1) * 32 / 256.0;
        Assert.InRange(equalPositions, expected * 0.7, expected * 1.3);

        // Bit balance over all tokens: each bit is set about half the time.
        long ones = tokens.Sum(t => t.Sum(b => (long)System.Numerics.BitOperations.PopCount(b)));
        var bits = tokens.Count * 256.0;
        Assert.InRange(ones / bits, 0.49, 0.51);
    }

    [Fact]
    public void Cover_tokens_never_equal_conversation_tokens_from_the_same_secret_bytes()
    {
        var secret = Secret(6);
        var conversation = new HashSet<string>();
        for (ulong epoch = 0; epoch < 500; epoch++)
        {
            conversation.Add(Convert.ToHexString(RelayToken.Derive(secret, RelayDirection.InitiatorToResponder, epoch)));
            conversation.Add(Convert.ToHexString(RelayToken.Derive(secret, RelayDirection.ResponderToInitiator, epoch)));
        }

        for (ulong epoch = 0; epoch < 500; epoch++)
        {
            Assert.DoesNotContain(Convert.ToHexString(CoverToken.Derive(secret, epoch)), conversation);
        }
    }

    [Fact]
    public void Cover_token_is_deterministic_per_secret_and_epoch_and_rotates()
    {
        var secret = Secret(7);
        Assert.Equal(CoverToken.Derive(secret, 9), CoverToken.Derive((byte[])secret.Clone(), 9));
        Assert.NotEqual(CoverToken.Derive(secret, 9), CoverToken.Derive(secret, 10));
        Assert.NotEqual(CoverToken.Derive(secret, 9), CoverToken.Derive(Secret(8), 9));
    }

    [Fact]
    public void Cover_token_is_hmac_of_its_own_label_and_epoch()
    {
        var secret = Secret(9);
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: [], info: "pvtcoms/v1/cover-token-key"u8.ToArray());
        var input = new byte["pvtcoms/v1/cover-token"u8.Length + 8];
        "pvtcoms/v1/cover-token"u8.CopyTo(input);
        BinaryPrimitives.WriteUInt64BigEndian(input.AsSpan(input.Length - 8), 1234);
        Assert.Equal(HMACSHA256.HashData(key, input), CoverToken.Derive(secret, 1234));
    }

    [Fact]
    public void Wrong_sizes_and_unknown_directions_are_caller_bugs()
    {
        Assert.Throws<ArgumentException>(() => RelayToken.Derive(new byte[31], RelayDirection.InitiatorToResponder, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RelayToken.Derive(Secret(1), (RelayDirection)2, 0));
        Assert.Throws<ArgumentException>(() => RelayToken.Derive(Secret(1), RelayDirection.InitiatorToResponder, 0, new byte[16]));
        Assert.Throws<ArgumentException>(() => CoverToken.Derive(new byte[33], 0));
    }

    [Fact]
    public void Epoch_is_the_floor_of_seconds_over_epoch_length()
    {
        Assert.Equal(0UL, RelayEpoch.FromUnixSeconds(0, 3600));
        Assert.Equal(0UL, RelayEpoch.FromUnixSeconds(3599, 3600));
        Assert.Equal(1UL, RelayEpoch.FromUnixSeconds(3600, 3600));
        Assert.Equal(20_419UL, RelayEpoch.FromUnixSeconds(1_764_201_600, RelayLimits.DefaultTokenEpochSeconds));
        Assert.Equal((ulong)(long.MaxValue / 7), RelayEpoch.FromUnixSeconds(long.MaxValue, 7));
        Assert.Throws<ArgumentOutOfRangeException>(() => RelayEpoch.FromUnixSeconds(-1, 3600));
        Assert.Throws<ArgumentOutOfRangeException>(() => RelayEpoch.FromUnixSeconds(10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RelayEpoch.FromUnixSeconds(10, -5));
    }

    private static byte[] Secret(int seed)
    {
        var secret = new byte[32];
        new DeterministicEntropy(seed).Fill(secret);
        return secret;
    }
}
