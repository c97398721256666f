using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Tests.Support;
using static Pvtcoms.Protocol.Tests.Handshake.HandshakeParties;

namespace Pvtcoms.Protocol.Tests.Handshake;

/// <summary>
/// MAL-BIND: every input of the combiner changes every output (direct table), and every field of the
/// wire formats is bound so that tampering with it is refused with a named error (tamper tables).
/// </summary>
public sealed class TranscriptBindingTests
{
    /// <summary>Every combiner input, by name; a case flips one bit of exactly that input.</summary>
    public static TheoryData<string> CombinerInputs =>
    [
        "version", "initiator identity key", "responder identity key", "initiator ephemeral key",
        "signed prekey id", "signed prekey", "ML-KEM prekey id", "ML-KEM encapsulation key", "ML-KEM ciphertext",
        "one-time prekey presence", "one-time prekey id", "one-time X25519 prekey", "one-time ML-KEM encapsulation key",
        "one-time ML-KEM ciphertext", "DH with signed prekey", "DH with one-time prekey",
        "ML-KEM shared secret", "one-time ML-KEM shared secret",
    ];

    [Theory]
    [MemberData(nameof(CombinerInputs))]
    public void Changing_one_combiner_input_changes_every_session_key(string input)
    {
        var baseline = CombinerInputSet.Random(1);
        var changed = baseline.With(input);
        var (baseHash, baseSecret) = baseline.Derive();
        var (hash, secret) = changed.Derive();

        var publicInput = !input.StartsWith("DH", StringComparison.Ordinal) && !input.Contains("shared secret", StringComparison.Ordinal);
        if (publicInput)
        {
            Assert.NotEqual(baseHash, hash);
        }

        for (var i = 0; i < HybridSessionKey.SessionSecretSize / 32; i++)
        {
            Assert.NotEqual(baseSecret.AsSpan(i * 32, 32).ToArray(), secret.AsSpan(i * 32, 32).ToArray());
        }
    }

    [Fact]
    public void The_combiner_is_a_function_of_its_inputs()
    {
        var (hash1, secret1) = CombinerInputSet.Random(2).Derive();
        var (hash2, secret2) = CombinerInputSet.Random(2).Derive();
        Assert.Equal(hash1, hash2);
        Assert.Equal(secret1, secret2);
    }

    public static TheoryData<string, ProtocolError> InitialMessageTampering => new()
    {
        { "initiator identity key", ProtocolError.InvalidSignature },
        { "initiator ephemeral key", ProtocolError.InvalidSignature },
        { "signed prekey id", ProtocolError.UnknownPrekeyId },
        { "ML-KEM prekey id", ProtocolError.UnknownPrekeyId },
        { "ML-KEM ciphertext", ProtocolError.InvalidSignature },
        { "one-time prekey id (unknown)", ProtocolError.UnknownPrekeyId },
        { "one-time prekey id (another one in the pool)", ProtocolError.InvalidSignature },
        { "one-time ML-KEM ciphertext", ProtocolError.InvalidSignature },
        { "signature", ProtocolError.InvalidSignature },
        { "version", ProtocolError.UnsupportedVersion },
        { "one-time presence flag", ProtocolError.InvalidEncoding },
    };

    [Theory]
    [MemberData(nameof(InitialMessageTampering))]
    public void Tampering_with_one_initial_message_field_is_refused_with_its_error(string field, ProtocolError expected)
    {
        using var prekeys = BobPrekeys(3);
        var (message, keys) = Initiate(Alice, prekeys.CreateBundle(), "payload"u8, 21);
        keys.Dispose();
        var bytes = message.Serialize();
        var layout = InitialMessageLayout.Of(message);
        var before = prekeys.Serialize();

        switch (field)
        {
            case "one-time prekey id (unknown)":
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(layout.Offset("one-time prekey id")), uint.MaxValue - 5);
                break;
            case "one-time prekey id (another one in the pool)":
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(layout.Offset("one-time prekey id")), message.OneTimePrekeyId + 1);
                break;
            case "one-time presence flag":
                bytes[layout.Offset(field)] = 2;
                break;
            default:
                bytes[layout.Offset(field) + layout.Length(field) - 1] ^= 0x01;
                break;
        }

        var result = Respond(prekeys, bytes);

        Assert.Equal(expected, result.Error);
        Assert.Equal(before, prekeys.Serialize());
        Assert.True(Respond(prekeys, message.Serialize()).IsOk, "the genuine message still works");
    }

    public static TheoryData<string, ProtocolError> BundleTampering => new()
    {
        { "responder identity key", ProtocolError.InvalidPrekeySignature },
        { "signed prekey id", ProtocolError.InvalidPrekeySignature },
        { "signed prekey", ProtocolError.InvalidPrekeySignature },
        { "signed prekey signature", ProtocolError.InvalidPrekeySignature },
        { "ML-KEM prekey id", ProtocolError.InvalidPrekeySignature },
        { "ML-KEM encapsulation key", ProtocolError.InvalidPrekeySignature },
        { "ML-KEM prekey signature", ProtocolError.InvalidPrekeySignature },
        { "one-time prekey id", ProtocolError.InvalidPrekeySignature },
        { "one-time X25519 prekey", ProtocolError.InvalidPrekeySignature },
        { "one-time ML-KEM encapsulation key", ProtocolError.InvalidPrekeySignature },
        { "one-time prekey signature", ProtocolError.InvalidPrekeySignature },
    };

    [Theory]
    [MemberData(nameof(BundleTampering))]
    public void Tampering_with_one_bundle_field_is_refused_before_any_key_is_used(string field, ProtocolError expected)
    {
        using var prekeys = BobPrekeys(1);
        var bytes = prekeys.CreateBundle().Serialize();
        var offset = BundleLayout.Offset(field);
        bytes[offset + BundleLayout.Length(field) - 1] ^= 0x01;

        var bundle = PrekeyBundle.Parse(bytes);
        Assert.True(bundle.IsOk, "tampering with a value keeps the structure");
        Assert.Equal(expected, bundle.Value.Verify());
        Assert.Equal(expected, HybridHandshake.Initiate(Alice, bundle.Value, [], new DeterministicEntropy(22)).Error);
    }

    [Fact]
    public void The_first_payload_is_not_bound_by_the_handshake_but_by_the_ratchet()
    {
        // Documented design (spec §4): the payload is authenticated by the ratchet's AEAD under keys that
        // the transcript hash binds, not by the initiator's signature, so it can be attached after Initiate.
        using var prekeys = BobPrekeys(0);
        var (message, keys) = Initiate(Alice, prekeys.CreateBundle(), "genuine"u8, 23);
        keys.Dispose();

        var accepted = Respond(prekeys, message.WithFirstPayload("replaced"u8).Serialize());

        Assert.True(accepted.IsOk);
        Assert.Equal("replaced"u8.ToArray(), accepted.Value.FirstPayload);
        accepted.Value.Keys.Dispose();
    }

    /// <summary>The combiner's inputs as plain arrays, so a test can change exactly one.</summary>
    private sealed class CombinerInputSet
    {
        public byte Version { get; set; } = 1;
        public required byte[] InitiatorIdentityKey { get; init; }
        public required byte[] ResponderIdentityKey { get; init; }
        public required byte[] InitiatorEphemeralKey { get; init; }
        public uint SignedPrekeyId { get; set; } = 10;
        public required byte[] SignedPrekey { get; init; }
        public uint MlKemPrekeyId { get; set; } = 11;
        public required byte[] MlKemPrekey { get; init; }
        public required byte[] MlKemCiphertext { get; init; }
        public bool HasOneTimePrekey { get; set; } = true;
        public uint OneTimePrekeyId { get; set; } = 12;
        public required byte[] OneTimeX25519Prekey { get; init; }
        public required byte[] OneTimeMlKemPrekey { get; init; }
        public required byte[] OneTimeMlKemCiphertext { get; init; }
        public required byte[] DhSignedPrekey { get; init; }
        public required byte[] DhOneTimePrekey { get; init; }
        public required byte[] KemSignedPrekey { get; init; }
        public required byte[] KemOneTimePrekey { get; init; }

        public static CombinerInputSet Random(int seed)
        {
            var entropy = new DeterministicEntropy(seed);
            byte[] Bytes(int n)
            {
                var b = new byte[n];
                entropy.Fill(b);
                return b;
            }

            return new CombinerInputSet
            {
                InitiatorIdentityKey = Bytes(32), ResponderIdentityKey = Bytes(32), InitiatorEphemeralKey = Bytes(32),
                SignedPrekey = Bytes(32), MlKemPrekey = Bytes(MlKem768.EncapsulationKeySize), MlKemCiphertext = Bytes(MlKem768.CiphertextSize),
                OneTimeX25519Prekey = Bytes(32), OneTimeMlKemPrekey = Bytes(MlKem768.EncapsulationKeySize),
                OneTimeMlKemCiphertext = Bytes(MlKem768.CiphertextSize),
                DhSignedPrekey = Bytes(32), DhOneTimePrekey = Bytes(32), KemSignedPrekey = Bytes(32), KemOneTimePrekey = Bytes(32),
            };
        }

        public CombinerInputSet With(string input)
        {
            var copy = new CombinerInputSet
            {
                Version = Version, SignedPrekeyId = SignedPrekeyId, MlKemPrekeyId = MlKemPrekeyId, HasOneTimePrekey = HasOneTimePrekey,
                OneTimePrekeyId = OneTimePrekeyId,
                InitiatorIdentityKey = (byte[])InitiatorIdentityKey.Clone(), ResponderIdentityKey = (byte[])ResponderIdentityKey.Clone(),
                InitiatorEphemeralKey = (byte[])InitiatorEphemeralKey.Clone(), SignedPrekey = (byte[])SignedPrekey.Clone(),
                MlKemPrekey = (byte[])MlKemPrekey.Clone(), MlKemCiphertext = (byte[])MlKemCiphertext.Clone(),
                OneTimeX25519Prekey = (byte[])OneTimeX25519Prekey.Clone(), OneTimeMlKemPrekey = (byte[])OneTimeMlKemPrekey.Clone(),
                OneTimeMlKemCiphertext = (byte[])OneTimeMlKemCiphertext.Clone(), DhSignedPrekey = (byte[])DhSignedPrekey.Clone(),
                DhOneTimePrekey = (byte[])DhOneTimePrekey.Clone(), KemSignedPrekey = (byte[])KemSignedPrekey.Clone(),
                KemOneTimePrekey = (byte[])KemOneTimePrekey.Clone(),
            };
            switch (input)
            {
                case "version": copy.Version ^= 1; break;
                case "initiator identity key": copy.InitiatorIdentityKey[0] ^= 1; break;
                case "responder identity key": copy.ResponderIdentityKey[31] ^= 1; break;
                case "initiator ephemeral key": copy.InitiatorEphemeralKey[5] ^= 1; break;
                case "signed prekey id": copy.SignedPrekeyId ^= 1; break;
                case "signed prekey": copy.SignedPrekey[7] ^= 1; break;
                case "ML-KEM prekey id": copy.MlKemPrekeyId ^= 1; break;
                case "ML-KEM encapsulation key": copy.MlKemPrekey[1000] ^= 1; break;
                case "ML-KEM ciphertext": copy.MlKemCiphertext[1087] ^= 1; break;
                case "one-time prekey presence": copy.HasOneTimePrekey = false; break;
                case "one-time prekey id": copy.OneTimePrekeyId ^= 1; break;
                case "one-time X25519 prekey": copy.OneTimeX25519Prekey[3] ^= 1; break;
                case "one-time ML-KEM encapsulation key": copy.OneTimeMlKemPrekey[1183] ^= 1; break;
                case "one-time ML-KEM ciphertext": copy.OneTimeMlKemCiphertext[0] ^= 1; break;
                case "DH with signed prekey": copy.DhSignedPrekey[9] ^= 1; break;
                case "DH with one-time prekey": copy.DhOneTimePrekey[9] ^= 1; break;
                case "ML-KEM shared secret": copy.KemSignedPrekey[31] ^= 1; break;
                case "one-time ML-KEM shared secret": copy.KemOneTimePrekey[0] ^= 1; break;
                default: throw new ArgumentException("Unknown input " + input, nameof(input));
            }

            return copy;
        }

        public (byte[] TranscriptHash, byte[] SessionSecret) Derive()
        {
            var transcript = new HybridTranscript
            {
                Version = Version,
                InitiatorIdentityKey = InitiatorIdentityKey,
                ResponderIdentityKey = ResponderIdentityKey,
                InitiatorEphemeralKey = InitiatorEphemeralKey,
                SignedPrekeyId = SignedPrekeyId,
                SignedPrekey = SignedPrekey,
                MlKemPrekeyId = MlKemPrekeyId,
                MlKemPrekey = MlKemPrekey,
                MlKemCiphertext = MlKemCiphertext,
                HasOneTimePrekey = HasOneTimePrekey,
                OneTimePrekeyId = OneTimePrekeyId,
                OneTimeX25519Prekey = OneTimeX25519Prekey,
                OneTimeMlKemPrekey = OneTimeMlKemPrekey,
                OneTimeMlKemCiphertext = OneTimeMlKemCiphertext,
            };
            var hash = new byte[HybridSessionKey.TranscriptHashSize];
            var secret = new byte[HybridSessionKey.SessionSecretSize];
            HybridSessionKey.Derive(transcript, DhSignedPrekey, HasOneTimePrekey ? DhOneTimePrekey : default, KemSignedPrekey,
                HasOneTimePrekey ? KemOneTimePrekey : default, hash, secret);
            return (hash, secret);
        }
    }
}
