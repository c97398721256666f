using System.Text;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Tests.Support;
using static Pvtcoms.Protocol.Tests.Handshake.HandshakeParties;

namespace Pvtcoms.Protocol.Tests.Handshake;

public sealed class HandshakeAgreementTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Initiator_and_responder_agree_on_every_session_key(bool withOneTimePrekey)
    {
        using var prekeys = BobPrekeys(withOneTimePrekey ? 2 : 0);
        var bundle = PrekeyBundle.Parse(prekeys.CreateBundle().Serialize()).Value;
        Assert.Equal(withOneTimePrekey, bundle.HasOneTimePrekey);
        var payload = Encoding.UTF8.GetBytes("first ratchet message");

        var (message, initiatorKeys) = Initiate(Alice, bundle, payload, 11);
        Assert.Equal(withOneTimePrekey, message.HasOneTimePrekey);
        var accepted = Respond(prekeys, message.Serialize());

        Assert.True(accepted.IsOk, accepted.ToString());
        var (responderKeys, firstPayload, initiatorIdentity) = accepted.Value;
        using (initiatorKeys)
        using (responderKeys)
        {
            Assert.Equal(initiatorKeys.RootKey.ToArray(), responderKeys.RootKey.ToArray());
            Assert.Equal(initiatorKeys.SharedHeaderKeyA.ToArray(), responderKeys.SharedHeaderKeyA.ToArray());
            Assert.Equal(initiatorKeys.SharedNextHeaderKeyB.ToArray(), responderKeys.SharedNextHeaderKeyB.ToArray());
            Assert.Equal(initiatorKeys.AddressingSecret.ToArray(), responderKeys.AddressingSecret.ToArray());
            Assert.Equal(initiatorKeys.ConfirmationKey.ToArray(), responderKeys.ConfirmationKey.ToArray());
            Assert.Equal(initiatorKeys.TranscriptHash.ToArray(), responderKeys.TranscriptHash.ToArray());
            Assert.Equal(initiatorKeys.ResponderRatchetPublicKey.ToArray(), responderKeys.ResponderRatchetPublicKey.ToArray());
            Assert.Equal(PublicKeyOf(Alice), responderKeys.InitiatorIdentityKey.ToArray());
            Assert.Equal(PublicKeyOf(Bob), initiatorKeys.ResponderIdentityKey.ToArray());
            Assert.Equal(PublicKeyOf(Alice), initiatorIdentity);
            Assert.Equal(payload, firstPayload);

            var keys = new[]
            {
                initiatorKeys.RootKey.ToArray(), initiatorKeys.SharedHeaderKeyA.ToArray(), initiatorKeys.SharedNextHeaderKeyB.ToArray(),
                initiatorKeys.AddressingSecret.ToArray(), initiatorKeys.ConfirmationKey.ToArray(),
            };
            Assert.Equal(keys.Length, keys.Select(k => Hex.Encode(k)).Distinct().Count());
            Assert.DoesNotContain(keys, k => k.All(b => b == 0));
        }
    }

    [Fact]
    public void Responder_ratchet_private_key_is_the_signed_prekey_behind_the_bundle()
    {
        using var prekeys = BobPrekeys(0);
        var bundle = prekeys.CreateBundle();
        var (message, initiatorKeys) = Initiate(Alice, bundle, [], 12);
        using var responderKeys = Respond(prekeys, message.Serialize()).Value.Keys;

        var derived = new byte[X25519.PublicKeySize];
        X25519.DerivePublicKey(responderKeys.ResponderRatchetPrivateKey, derived);
        Assert.Equal(bundle.SignedPrekey.ToArray(), derived);
        Assert.Equal(bundle.SignedPrekey.ToArray(), initiatorKeys.ResponderRatchetPublicKey.ToArray());
        Assert.Throws<InvalidOperationException>(() => initiatorKeys.ResponderRatchetPrivateKey.Length);
        initiatorKeys.Dispose();
    }

    [Fact]
    public void A_first_payload_attached_after_initiate_arrives_intact()
    {
        using var prekeys = BobPrekeys(1);
        var (message, initiatorKeys) = Initiate(Alice, prekeys.CreateBundle(), [], 13);
        var ratchetMessage = MessageSeal.Seal(initiatorKeys.RootKey, "hello bob"u8, initiatorKeys.TranscriptHash);

        var sent = message.WithFirstPayload(ratchetMessage).Serialize();
        var accepted = Respond(prekeys, sent).Value;

        Assert.Equal(ratchetMessage, accepted.FirstPayload);
        var opened = MessageSeal.Open(accepted.Keys.RootKey, accepted.FirstPayload, accepted.Keys.TranscriptHash);
        Assert.Equal("hello bob"u8.ToArray(), opened.Value);
        initiatorKeys.Dispose();
        accepted.Keys.Dispose();
    }

    [Fact]
    public void The_largest_first_payload_is_carried_and_a_larger_one_is_refused()
    {
        using var prekeys = BobPrekeys(0);
        var bundle = prekeys.CreateBundle();
        var largest = new byte[HandshakeLimits.MaxFirstPayloadSize];
        new DeterministicEntropy(5).Fill(largest);

        var (message, keys) = Initiate(Alice, bundle, largest, 14);
        keys.Dispose();
        Assert.Equal(largest, Respond(prekeys, message.Serialize()).Value.FirstPayload);

        var tooLarge = HybridHandshake.Initiate(Alice, bundle, new byte[HandshakeLimits.MaxFirstPayloadSize + 1], new DeterministicEntropy(15));
        Assert.Equal(ProtocolError.LengthOutOfRange, tooLarge.Error);
    }

    [Fact]
    public void Session_keys_say_nothing_when_printed_and_are_unusable_after_dispose()
    {
        using var prekeys = BobPrekeys(0);
        var (_, keys) = Initiate(Alice, prekeys.CreateBundle(), [], 16);
        var root = Hex.Encode(keys.RootKey);

        Assert.Equal("SessionKeys(Initiator)", keys.ToString());
        Assert.DoesNotContain(root, keys.ToString(), StringComparison.OrdinalIgnoreCase);
        keys.Dispose();
        Assert.Throws<ObjectDisposedException>(() => keys.RootKey.Length);
    }

    [Fact]
    public void Two_handshakes_from_one_bundle_give_unrelated_keys()
    {
        using var prekeys = BobPrekeys(0);
        var bundle = prekeys.CreateBundle();
        using var first = Initiate(Alice, bundle, [], 17).Keys;
        using var second = Initiate(Alice, bundle, [], 18).Keys;

        Assert.NotEqual(first.RootKey.ToArray(), second.RootKey.ToArray());
        Assert.NotEqual(first.TranscriptHash.ToArray(), second.TranscriptHash.ToArray());
    }
}
