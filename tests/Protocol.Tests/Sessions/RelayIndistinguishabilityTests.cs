using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Protocol.Sessions;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Sessions;

/// <summary>What the relay sees of real blobs must not tell them from cover blobs, nor keep old prekeys alive.</summary>
public sealed class RelayIndistinguishabilityTests
{
    private static (ResponderPrekeys Prekeys, byte[] AliceSeed) Parties(DeterministicEntropy entropy, int oneTime)
    {
        var bobSeed = new byte[32];
        var aliceSeed = new byte[32];
        entropy.Fill(bobSeed);
        entropy.Fill(aliceSeed);
        return (ResponderPrekeys.Generate(bobSeed, oneTime, entropy), aliceSeed);
    }

    [Fact]
    public void Cover_blobs_session_messages_and_intro_envelopes_share_their_first_byte()
    {
        var entropy = new DeterministicEntropy(51);
        var (prekeys, aliceSeed) = Parties(entropy, 1);
        using var ownedPrekeys = prekeys;
        var (envelope, alice) = FirstContact.Initiate(aliceSeed, prekeys.CreateBundle(), "x"u8, entropy).Value;
        using var aliceSession = alice;
        var message = alice.Encrypt("y"u8, entropy);
        for (var i = 0; i < 64; i++)
        {
            Assert.Equal(CoverBlob.VersionByte, CoverBlob.Create(entropy, 1024)[0]);
        }

        Assert.Equal(CoverBlob.VersionByte, envelope[0]);
        Assert.Equal(CoverBlob.VersionByte, message[0]);
    }

    [Fact]
    public void The_top_bit_of_an_intro_envelope_key_is_as_often_set_as_clear()
    {
        var entropy = new DeterministicEntropy(52);
        var (prekeys, aliceSeed) = Parties(entropy, 0);
        using var ownedPrekeys = prekeys;
        var bundle = prekeys.CreateBundle();
        var set = 0;
        const int Envelopes = 400;
        for (var i = 0; i < Envelopes; i++)
        {
            var (envelope, session) = FirstContact.Initiate(aliceSeed, bundle, "z"u8, entropy).Value;
            session.Dispose();
            set += envelope[32] >> 7;
        }

        // Binomial(400, 1/2): mean 200, sd 10; a clear top bit every time (X25519's own encoding) gives 0.
        Assert.InRange(set, 150, 250);
        var (last, lastSession) = FirstContact.Initiate(aliceSeed, bundle, "z"u8, entropy).Value;
        lastSession.Dispose();
        Assert.True(IntroEnvelope.Open(prekeys, last).IsOk);
    }

    [Fact]
    public void A_responder_session_stored_before_its_first_reply_does_not_hold_the_signed_prekey()
    {
        var entropy = new DeterministicEntropy(53);
        var (prekeys, aliceSeed) = Parties(entropy, 1);
        using var ownedPrekeys = prekeys;
        var (envelope, alice) = FirstContact.Initiate(aliceSeed, prekeys.CreateBundle(), "hello"u8, entropy).Value;
        using var aliceSession = alice;
        var signedPrekeyPrivate = prekeys.RetainedGenerations.First().X25519Private.ToArray();

        using var bob = FirstContact.Accept(prekeys, envelope, entropy).Value.Session;
        var stored = bob.Serialize();
        Assert.Equal(-1, stored.AsSpan().IndexOf(signedPrekeyPrivate));

        // And the conversation still works both ways after the early DH step.
        Assert.Equal("reply"u8.ToArray(), alice.Decrypt(bob.Encrypt("reply"u8, entropy)).Value);
        Assert.Equal("again"u8.ToArray(), bob.Decrypt(alice.Encrypt("again"u8, entropy)).Value);
    }
}
