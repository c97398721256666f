using System.Buffers.Binary;
using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Tests.Support;
using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// The caller checks of <see cref="HybridHandshake"/>, <see cref="InitialMessage"/> and <see cref="SessionKeys"/>
/// with their parameter names and messages (checked where a later step would otherwise answer with a typed
/// error instead), the ToString forms, the replay tag pinned against docs/CRYPTO_SPEC.md (SHA-256 of the
/// length-prefixed label and the ephemeral key, first 16 bytes), the replay cache bound, and the fresh
/// randomness and zeroing of the prekey objects.
/// </summary>
public sealed class HandshakeMutationTests
{
    private static readonly byte[] s_responderSeed = Enumerable.Range(1, Ed25519.SeedSize).Select(i => (byte)i).ToArray();
    private static readonly byte[] s_initiatorSeed = Enumerable.Range(50, Ed25519.SeedSize).Select(i => (byte)i).ToArray();
    private static readonly byte[] s_tooLarge = new byte[HandshakeLimits.MaxFirstPayloadSize + 1];

    private static PrekeyBundle NewBundle(int oneTime)
    {
        using var prekeys = ResponderPrekeys.Generate(s_responderSeed, oneTime, new DeterministicEntropy(21));
        return prekeys.CreateBundle();
    }

    [Fact]
    public void Initiate_checks_its_arguments_before_the_payload_size()
    {
        var bundle = NewBundle(0);
        var e1 = Assert.Throws<ArgumentNullException>(() => HybridHandshake.Initiate(s_initiatorSeed, null!, s_tooLarge, new DeterministicEntropy(1)));
        Assert.Equal("bundle", e1.ParamName);
        var e2 = Assert.Throws<ArgumentNullException>(() => HybridHandshake.Initiate(s_initiatorSeed, bundle, s_tooLarge, null!));
        Assert.Equal("entropy", e2.ParamName);
        var e3 = Assert.Throws<ArgumentException>(() => HybridHandshake.Initiate(new byte[31], bundle, s_tooLarge, new DeterministicEntropy(1)));
        Assert.Equal("initiatorIdentitySeed", e3.ParamName);
        Assert.StartsWith("Expected 32 bytes.", e3.Message, StringComparison.Ordinal);
        Assert.Equal(ProtocolError.LengthOutOfRange, HybridHandshake.Initiate(s_initiatorSeed, bundle, s_tooLarge, new DeterministicEntropy(1)).Error);
    }

    [Fact]
    public void Respond_without_prekeys_names_them_even_for_garbage_input()
    {
        var e = Assert.Throws<ArgumentNullException>(() => HybridHandshake.Respond(null!, [0xFF]));
        Assert.Equal("prekeys", e.ParamName);
    }

    [Fact]
    public void A_first_payload_of_exactly_the_maximum_is_attached_and_one_more_byte_is_a_caller_bug()
    {
        var (message, keys) = HybridHandshake.Initiate(s_initiatorSeed, NewBundle(1), [], new DeterministicEntropy(2)).Value;
        using var _ = keys;
        var full = message.WithFirstPayload(new byte[HandshakeLimits.MaxFirstPayloadSize]);
        Assert.Equal(HandshakeLimits.MaxFirstPayloadSize, full.FirstPayload.Length);
        var e = Assert.Throws<ArgumentException>(() => message.WithFirstPayload(s_tooLarge));
        Assert.Equal("firstPayload", e.ParamName);
        Assert.StartsWith("First payload too large.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_of_bundles_and_initial_messages_shows_ids_only()
    {
        var withOneTime = NewBundle(1);
        var without = NewBundle(0);
        Assert.Equal($"PrekeyBundle(v1, spk {withOneTime.SignedPrekeyId}, pq {withOneTime.MlKemPrekeyId}, one-time {withOneTime.OneTimePrekeyId})", withOneTime.ToString());
        Assert.Equal($"PrekeyBundle(v1, spk {without.SignedPrekeyId}, pq {without.MlKemPrekeyId}, one-time none)", without.ToString());

        var (m1, k1) = HybridHandshake.Initiate(s_initiatorSeed, withOneTime, [1, 2, 3], new DeterministicEntropy(3)).Value;
        var (m2, k2) = HybridHandshake.Initiate(s_initiatorSeed, without, [], new DeterministicEntropy(4)).Value;
        k1.Dispose();
        k2.Dispose();
        Assert.Equal($"InitialMessage(v1, spk {m1.SignedPrekeyId}, pq {m1.MlKemPrekeyId}, one-time {withOneTime.OneTimePrekeyId}, payload 3 bytes)", m1.ToString());
        Assert.Equal($"InitialMessage(v1, spk {m2.SignedPrekeyId}, pq {m2.MlKemPrekeyId}, one-time none, payload 0 bytes)", m2.ToString());
    }

    [Fact]
    public void Session_keys_refuse_a_session_secret_of_the_wrong_size_and_the_initiator_has_no_ratchet_private_key()
    {
        var secret = new byte[HybridSessionKey.SessionSecretSize];
        var hash = new byte[32];
        var key = new byte[32];
        var e = Assert.Throws<ArgumentException>(() => new SessionKeys(HandshakeRole.Initiator, secret.AsSpan(1), hash, key, key, key, default));
        Assert.Equal("sessionSecret", e.ParamName);
        Assert.StartsWith("Inconsistent session key material.", e.Message, StringComparison.Ordinal);

        using var initiator = new SessionKeys(HandshakeRole.Initiator, secret, hash, key, key, key, default);
        var e2 = Assert.Throws<InvalidOperationException>(() => initiator.ResponderRatchetPrivateKey.Length);
        Assert.Equal("Only the responder holds the ratchet private key.", e2.Message);
    }

    [Fact]
    public void The_replay_tag_is_the_first_16_bytes_of_SHA256_over_the_length_prefixed_label_and_the_ephemeral_key()
    {
        var ephemeral = Enumerable.Range(200, 32).Select(i => (byte)i).ToArray();
        var label = "pvtcoms/v1/handshake/replay-tag"u8.ToArray();
        var input = new byte[2 + label.Length + ephemeral.Length];
        input[0] = (byte)(label.Length >> 8);
        input[1] = (byte)label.Length;
        label.CopyTo(input, 2);
        ephemeral.CopyTo(input, 2 + label.Length);
        var expected = BinaryPrimitives.ReadUInt128BigEndian(SHA256.HashData(input));
        Assert.Equal(expected, ReplayCache.TagOf(ephemeral));
    }

    [Fact]
    public void A_full_replay_cache_takes_no_more_tags()
    {
        var cache = new ReplayCache();
        for (var i = 0; i < HandshakeLimits.MaxReplayEntriesPerSignedPrekey; i++)
        {
            Assert.True(cache.TryAdd((UInt128)i + 1));
        }

        Assert.True(cache.IsFull);
        Assert.False(cache.TryAdd(UInt128.MaxValue));
        Assert.False(cache.Contains(UInt128.MaxValue));
        Assert.Equal(HandshakeLimits.MaxReplayEntriesPerSignedPrekey, cache.Count);
    }

    [Fact]
    public void A_truncated_presence_flag_reports_absent()
    {
        var reader = new WireReader([]);
        Assert.Equal(ProtocolError.Truncated, HandshakeWire.ReadPresence(ref reader, out var present));
        Assert.False(present);
    }

    [Fact]
    public void Prekeys_are_drawn_from_entropy_and_zeroed_on_dispose()
    {
        var oneTime = OneTimePrekey.Generate(s_responderSeed, 5, new DeterministicEntropy(30));
        var other = OneTimePrekey.Generate(s_responderSeed, 5, new DeterministicEntropy(31));
        Assert.Contains(oneTime.X25519Private, b => b != 0);
        Assert.Contains(oneTime.MlKemSeed, b => b != 0);
        Assert.NotEqual(oneTime.X25519Private, other.X25519Private);
        Assert.NotEqual(oneTime.MlKemSeed, other.MlKemSeed);
        oneTime.Dispose();
        Assert.All(oneTime.X25519Private, b => Assert.Equal(0, b));
        Assert.All(oneTime.MlKemSeed, b => Assert.Equal(0, b));
        Assert.All(oneTime.MlKemDecapsulationKey, b => Assert.Equal(0, b));
        other.Dispose();

        var generation = SignedPrekeyGeneration.Generate(s_responderSeed, 7, 8, new DeterministicEntropy(32));
        var otherGeneration = SignedPrekeyGeneration.Generate(s_responderSeed, 7, 8, new DeterministicEntropy(33));
        Assert.Contains(generation.MlKemSeed, b => b != 0);
        Assert.NotEqual(generation.MlKemSeed, otherGeneration.MlKemSeed);
        generation.Dispose();
        Assert.All(generation.X25519Private, b => Assert.Equal(0, b));
        Assert.All(generation.MlKemSeed, b => Assert.Equal(0, b));
        Assert.All(generation.MlKemDecapsulationKey, b => Assert.Equal(0, b));
        otherGeneration.Dispose();
    }

    [Fact]
    public void The_signed_prekey_signature_covers_the_length_prefixed_label_the_id_and_the_key_as_the_spec_says()
    {
        var bundle = NewBundle(0);
        var label = "pvtcoms/v1/handshake/signed-x25519-prekey"u8.ToArray();
        var message = new byte[2 + label.Length + 4 + bundle.SignedPrekey.Length];
        BinaryPrimitives.WriteUInt16BigEndian(message, (ushort)label.Length);
        label.CopyTo(message, 2);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(2 + label.Length), bundle.SignedPrekeyId);
        bundle.SignedPrekey.CopyTo(message.AsSpan(2 + label.Length + 4));
        Assert.True(Ed25519.Verify(bundle.IdentityKey, message, bundle.SignedPrekeySignature));
        message[1] ^= 1;
        Assert.False(Ed25519.Verify(bundle.IdentityKey, message, bundle.SignedPrekeySignature));
    }
}
