using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// The last Handshake survivors of the session-5 confirmation run: the zeroing done by
/// <see cref="SessionKeys.Dispose"/> (seen through spans a caller took before disposing), the disposal and
/// clearing done by <see cref="ResponderPrekeys.Dispose"/> (seen through its test-only list of secret buffers),
/// and the seed-length guard of the operations that sign with the responder's identity seed (our parameter
/// name, not the one of the Ed25519 call behind it).
/// </summary>
public sealed class HandshakeLastSurvivorsMutationTests
{
    private static readonly byte[] s_responderSeed = Enumerable.Range(1, Ed25519.SeedSize).Select(i => (byte)i).ToArray();
    private static readonly byte[] s_initiatorSeed = Enumerable.Range(50, Ed25519.SeedSize).Select(i => (byte)i).ToArray();

    [Fact]
    public void Disposing_the_responders_session_keys_zeroes_the_secret_the_transcript_hash_and_the_ratchet_private_key()
    {
        using var prekeys = ResponderPrekeys.Generate(s_responderSeed, 1, new DeterministicEntropy(31));
        var (message, initiatorKeys) = HybridHandshake.Initiate(s_initiatorSeed, prekeys.CreateBundle(), [], new DeterministicEntropy(32)).Value;
        initiatorKeys.Dispose();
        var keys = HybridHandshake.Respond(prekeys, message.Serialize()).Value.Keys;

        // Spans taken before Dispose still point at the object's buffers; together the five slices are the whole session secret.
        ReadOnlySpan<byte> rootKey = keys.RootKey;
        ReadOnlySpan<byte> headerKeyA = keys.SharedHeaderKeyA;
        ReadOnlySpan<byte> nextHeaderKeyB = keys.SharedNextHeaderKeyB;
        ReadOnlySpan<byte> addressingSecret = keys.AddressingSecret;
        ReadOnlySpan<byte> confirmationKey = keys.ConfirmationKey;
        ReadOnlySpan<byte> transcriptHash = keys.TranscriptHash;
        ReadOnlySpan<byte> ratchetPrivateKey = keys.ResponderRatchetPrivateKey;
        Assert.Equal(HybridSessionKey.TranscriptHashSize, transcriptHash.Length);
        Assert.Equal(X25519.PrivateKeySize, ratchetPrivateKey.Length);
        Assert.False(IsAllZero(rootKey) || IsAllZero(headerKeyA) || IsAllZero(nextHeaderKeyB) || IsAllZero(addressingSecret)
            || IsAllZero(confirmationKey) || IsAllZero(transcriptHash) || IsAllZero(ratchetPrivateKey));

        keys.Dispose();

        Assert.True(IsAllZero(rootKey), "root key");
        Assert.True(IsAllZero(headerKeyA), "shared header key A");
        Assert.True(IsAllZero(nextHeaderKeyB), "shared next header key B");
        Assert.True(IsAllZero(addressingSecret), "addressing secret");
        Assert.True(IsAllZero(confirmationKey), "confirmation key");
        Assert.True(IsAllZero(transcriptHash), "transcript hash");
        Assert.True(IsAllZero(ratchetPrivateKey), "ratchet private key");
    }

    [Fact]
    public void Disposing_the_initiators_session_keys_zeroes_the_secret_and_the_transcript_hash()
    {
        using var prekeys = ResponderPrekeys.Generate(s_responderSeed, 0, new DeterministicEntropy(33));
        var (_, keys) = HybridHandshake.Initiate(s_initiatorSeed, prekeys.CreateBundle(), [], new DeterministicEntropy(34)).Value;
        ReadOnlySpan<byte> rootKey = keys.RootKey;
        ReadOnlySpan<byte> confirmationKey = keys.ConfirmationKey;
        ReadOnlySpan<byte> transcriptHash = keys.TranscriptHash;
        Assert.False(IsAllZero(rootKey) || IsAllZero(confirmationKey) || IsAllZero(transcriptHash));

        keys.Dispose();

        Assert.True(IsAllZero(rootKey), "root key");
        Assert.True(IsAllZero(confirmationKey), "confirmation key");
        Assert.True(IsAllZero(transcriptHash), "transcript hash");
    }

    [Fact]
    public void Disposing_the_prekey_state_zeroes_every_generation_and_one_time_prekey_and_lets_go_of_them()
    {
        var prekeys = ResponderPrekeys.Generate(s_responderSeed, 3, new DeterministicEntropy(35));
        prekeys.RotateSignedPrekeys(s_responderSeed, new DeterministicEntropy(36));
        var held = prekeys.SecretBuffersForTest();
        // Two retained generations and three one-time prekeys, three secret buffers each, none of them zero yet.
        Assert.Equal((2 + 3) * 3, held.Count);
        Assert.All(held, buffer => Assert.False(IsAllZero(buffer)));

        prekeys.Dispose();

        Assert.All(held, buffer => Assert.True(IsAllZero(buffer)));
        Assert.Empty(prekeys.SecretBuffersForTest());
        Assert.Equal(0, prekeys.OneTimePrekeyCount);
    }

    [Fact]
    public void Disposing_the_prekey_state_without_one_time_prekeys_still_zeroes_and_drops_its_generations()
    {
        var prekeys = ResponderPrekeys.Generate(s_responderSeed, 0, new DeterministicEntropy(37));
        var held = prekeys.SecretBuffersForTest();
        Assert.Equal(3, held.Count);

        prekeys.Dispose();

        Assert.All(held, buffer => Assert.True(IsAllZero(buffer)));
        Assert.Empty(prekeys.SecretBuffersForTest());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Rotating_with_a_seed_of_the_wrong_size_names_the_identity_seed_and_its_expected_size(int length)
    {
        using var prekeys = ResponderPrekeys.Generate(s_responderSeed, 0, new DeterministicEntropy(38));
        var before = prekeys.Serialize();
        var e = Assert.Throws<ArgumentException>(() => prekeys.RotateSignedPrekeys(new byte[length], new DeterministicEntropy(39)));
        Assert.Equal("identitySeed", e.ParamName);
        Assert.StartsWith("Expected 32 bytes.", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, prekeys.Serialize());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Adding_one_time_prekeys_with_a_seed_of_the_wrong_size_names_the_identity_seed_and_its_expected_size(int length)
    {
        using var prekeys = ResponderPrekeys.Generate(s_responderSeed, 0, new DeterministicEntropy(40));
        var e = Assert.Throws<ArgumentException>(() => prekeys.AddOneTimePrekeys(new byte[length], 1, new DeterministicEntropy(41)));
        Assert.Equal("identitySeed", e.ParamName);
        Assert.StartsWith("Expected 32 bytes.", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, prekeys.OneTimePrekeyCount);
    }

    private static bool IsAllZero(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyExcept((byte)0);
}
