using System.Buffers.Binary;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Handshake;
using static Pvtcoms.Protocol.Tests.Handshake.HandshakeParties;

namespace Pvtcoms.Protocol.Tests.Handshake;

public sealed class InitialMessageValidationTests
{
    private static (ResponderPrekeys Prekeys, InitialMessage Message) Exchange(int oneTime, byte[] payload)
    {
        var prekeys = BobPrekeys(oneTime);
        var (message, keys) = Initiate(Alice, prekeys.CreateBundle(), payload, 31);
        keys.Dispose();
        return (prekeys, message);
    }

    [Fact]
    public void A_message_survives_serialization()
    {
        var (prekeys, message) = Exchange(1, [1, 2, 3]);
        using (prekeys)
        {
            var bytes = message.Serialize();
            Assert.Equal(bytes, InitialMessage.Parse(bytes).Value.Serialize());
        }
    }

    [Fact]
    public void Truncated_messages_are_refused_at_every_length_and_leave_the_prekeys_unchanged()
    {
        var (prekeys, message) = Exchange(1, [1, 2, 3]);
        using (prekeys)
        {
            var bytes = message.Serialize();
            var before = prekeys.Serialize();
            for (var length = 0; length < bytes.Length; length++)
            {
                Assert.Equal(ProtocolError.Truncated, Respond(prekeys, bytes[..length]).Error);
            }

            Assert.Equal(before, prekeys.Serialize());
        }
    }

    [Fact]
    public void Trailing_bytes_after_a_message_are_refused()
    {
        var (prekeys, message) = Exchange(0, []);
        using (prekeys)
        {
            Assert.Equal(ProtocolError.TrailingBytes, Respond(prekeys, [.. message.Serialize(), 0]).Error);
        }
    }

    [Fact]
    public void A_declared_payload_over_the_bound_is_refused_before_anything_is_allocated()
    {
        var (prekeys, message) = Exchange(0, [9]);
        using (prekeys)
        {
            var bytes = message.Serialize();
            var layout = InitialMessageLayout.Of(message);
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(layout.PrefixOffset("first payload", 4)), HandshakeLimits.MaxFirstPayloadSize + 1);
            Assert.Equal(ProtocolError.LengthOutOfRange, InitialMessage.Parse(bytes).Error);

            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(layout.PrefixOffset("first payload", 4)), uint.MaxValue);
            Assert.Equal(ProtocolError.LengthOutOfRange, InitialMessage.Parse(bytes).Error);
        }
    }

    [Theory]
    [InlineData("initiator identity key", 31, ProtocolError.InvalidKeyLength)]
    [InlineData("initiator ephemeral key", 33, ProtocolError.InvalidKeyLength)]
    [InlineData("ML-KEM ciphertext", 1087, ProtocolError.LengthOutOfRange)]
    [InlineData("one-time ML-KEM ciphertext", 1089, ProtocolError.LengthOutOfRange)]
    [InlineData("signature", 0, ProtocolError.InvalidSignature)]
    public void A_message_field_of_the_wrong_declared_length_is_refused(string field, int declaredLength, ProtocolError expected)
    {
        var (prekeys, message) = Exchange(1, []);
        using (prekeys)
        {
            var bytes = message.Serialize();
            var layout = InitialMessageLayout.Of(message);
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(layout.PrefixOffset(field, 2)), (ushort)declaredLength);

            Assert.Equal(expected, Respond(prekeys, bytes).Error);
        }
    }

    [Fact]
    public void A_message_signed_by_someone_else_than_the_claimed_initiator_is_refused()
    {
        var (prekeys, message) = Exchange(1, []);
        using (prekeys)
        {
            var bytes = message.Serialize();
            var layout = InitialMessageLayout.Of(message);
            PublicKeyOf(Carol).CopyTo(bytes.AsSpan(layout.Offset("initiator identity key")));

            Assert.Equal(ProtocolError.InvalidSignature, Respond(prekeys, bytes).Error);
            Assert.Equal(1, prekeys.OneTimePrekeyCount);
        }
    }

    [Fact]
    public void A_validly_signed_message_with_a_low_order_ephemeral_key_is_refused()
    {
        // A malicious initiator signs a transcript whose ephemeral key is the identity point.
        using var prekeys = BobPrekeys(0);
        var bundle = prekeys.CreateBundle();
        var (genuine, keys) = Initiate(Alice, bundle, [], 32);
        keys.Dispose();
        var lowOrder = new byte[32];
        var transcript = new HybridTranscript
        {
            Version = HandshakeLimits.Version,
            InitiatorIdentityKey = genuine.InitiatorIdentityKey,
            ResponderIdentityKey = bundle.IdentityKey,
            InitiatorEphemeralKey = lowOrder,
            SignedPrekeyId = bundle.SignedPrekeyId,
            SignedPrekey = bundle.SignedPrekey,
            MlKemPrekeyId = bundle.MlKemPrekeyId,
            MlKemPrekey = bundle.MlKemPrekey,
            MlKemCiphertext = genuine.MlKemCiphertext,
        };
        var hash = new byte[32];
        HybridSessionKey.ComputeTranscriptHash(transcript, hash);
        var signature = new byte[64];
        HandshakeSignatures.SignTranscript(Alice, hash, signature);
        var forged = InitialMessage.Create(genuine.InitiatorIdentityKey.ToArray(), lowOrder, bundle.SignedPrekeyId, bundle.MlKemPrekeyId,
            genuine.MlKemCiphertext.ToArray(), false, 0, [], signature, []);
        var before = prekeys.Serialize();

        Assert.Equal(ProtocolError.InvalidPublicKey, Respond(prekeys, forged.Serialize()).Error);
        Assert.Equal(before, prekeys.Serialize());
    }
}
