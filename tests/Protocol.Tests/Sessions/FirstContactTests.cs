using System.Text;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Protocol.Sessions;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Sessions;

/// <summary>The whole protocol path, as the client will run it: invite → handshake → ratchet → relay blobs.</summary>
public sealed class FirstContactTests
{
    private static byte[] Seed(int n)
    {
        var seed = new byte[32];
        new DeterministicEntropy(9000 + n).Fill(seed);
        return seed;
    }

    private static (ResponderPrekeys Prekeys, PrekeyBundle Bundle) BobWithInvite(DeterministicEntropy entropy, out string inviteText)
    {
        var prekeys = ResponderPrekeys.Generate(Seed(2), 4, entropy);
        var bundleBytes = prekeys.CreateBundle().Serialize();
        var intro = new byte[Invite.IntroTokenSize];
        entropy.Fill(intro);
        inviteText = Invite.Create(RelayEndpoint.Parse("127.0.0.1:9000").Value, intro, bundleBytes, "bob").Encode();
        var invite = Invite.Parse(inviteText).Value;
        return (prekeys, PrekeyBundle.Parse(invite.PrekeyBundle).Value);
    }

    [Fact]
    public void Alice_reaches_Bob_through_his_invite_and_they_talk_both_ways_in_relay_buckets()
    {
        var entropy = new DeterministicEntropy(1);
        var (bobPrekeys, bundle) = BobWithInvite(entropy, out _);
        using var ownedPrekeys = bobPrekeys;

        var initiated = FirstContact.Initiate(Seed(1), bundle, "hi bob, it's alice"u8, entropy);
        Assert.True(initiated.IsOk, initiated.ToString());
        var (envelope, alice) = initiated.Value;
        using var aliceSession = alice;
        Assert.True(RelayLimits.IsBucketSize(envelope.Length));

        var accepted = FirstContact.Accept(bobPrekeys, envelope, entropy);
        Assert.True(accepted.IsOk, accepted.ToString());
        using var bob = accepted.Value.Session;
        Assert.Equal("hi bob, it's alice", Encoding.UTF8.GetString(accepted.Value.FirstPlaintext));

        using var aliceIdentity = IdentityKeyPair.FromSeed(Seed(1));
        using var bobIdentity = IdentityKeyPair.FromSeed(Seed(2));
        Assert.True(bob.PeerIdentityKey.SequenceEqual(aliceIdentity.PublicKey.ToArray()));
        Assert.True(alice.PeerIdentityKey.SequenceEqual(bobIdentity.PublicKey.ToArray()));

        // Tokens: what Alice deposits to is what Bob fetches from, per direction, and they rotate by epoch.
        Assert.Equal(alice.SendingToken(5), bob.ReceivingToken(5));
        Assert.Equal(bob.SendingToken(5), alice.ReceivingToken(5));
        Assert.NotEqual(alice.SendingToken(5), alice.ReceivingToken(5));
        Assert.NotEqual(alice.SendingToken(5), alice.SendingToken(6));

        for (var i = 0; i < 20; i++)
        {
            var (from, to) = i % 3 == 0 ? (bob, alice) : (alice, bob);
            var text = $"message {i} " + new string('x', i * 37);
            var blob = from.Encrypt(Encoding.UTF8.GetBytes(text), entropy);
            Assert.True(RelayLimits.IsBucketSize(blob.Length), $"{blob.Length} is not a bucket");
            var opened = to.Decrypt(blob);
            Assert.True(opened.IsOk, opened.ToString());
            Assert.Equal(text, Encoding.UTF8.GetString(opened.Value));
        }
    }

    [Fact]
    public void The_intro_envelope_does_not_show_the_relay_who_is_making_contact()
    {
        var entropy = new DeterministicEntropy(2);
        var (bobPrekeys, bundle) = BobWithInvite(entropy, out _);
        using var ownedPrekeys = bobPrekeys;
        var (envelope, alice) = FirstContact.Initiate(Seed(1), bundle, "hello"u8, entropy).Value;
        alice.Dispose();

        using var aliceIdentity = IdentityKeyPair.FromSeed(Seed(1));
        var identity = aliceIdentity.PublicKey.ToArray();
        Assert.Equal(-1, envelope.AsSpan().IndexOf(identity));
        Assert.Equal(-1, envelope.AsSpan().IndexOf(bundle.SignedPrekey));
    }

    [Fact]
    public void A_replayed_intro_envelope_is_refused_and_the_first_session_keeps_working()
    {
        var entropy = new DeterministicEntropy(3);
        var (bobPrekeys, bundle) = BobWithInvite(entropy, out _);
        using var ownedPrekeys = bobPrekeys;
        var (envelope, alice) = FirstContact.Initiate(Seed(1), bundle, "once"u8, entropy).Value;
        using var aliceSession = alice;

        var first = FirstContact.Accept(bobPrekeys, envelope, entropy);
        Assert.True(first.IsOk);
        using var bob = first.Value.Session;
        var stateAfterFirst = bobPrekeys.Serialize();

        var replay = FirstContact.Accept(bobPrekeys, envelope, entropy);
        Assert.False(replay.IsOk);
        Assert.Equal(ProtocolError.OneTimePrekeyAlreadyUsed, replay.Error);
        Assert.Equal(stateAfterFirst, bobPrekeys.Serialize());

        Assert.Equal("still here", Encoding.UTF8.GetString(bob.Decrypt(alice.Encrypt("still here"u8, entropy)).Value));
    }

    [Fact]
    public void Every_single_bit_flip_of_an_intro_envelope_is_refused_without_consuming_a_prekey()
    {
        var entropy = new DeterministicEntropy(4);
        var (bobPrekeys, bundle) = BobWithInvite(entropy, out _);
        using var ownedPrekeys = bobPrekeys;
        var (envelope, alice) = FirstContact.Initiate(Seed(1), bundle, "tamper"u8, entropy).Value;
        alice.Dispose();
        var before = bobPrekeys.Serialize();

        var random = new Random(4);
        for (var i = 0; i < 300; i++)
        {
            var tampered = (byte[])envelope.Clone();
            tampered[random.Next(tampered.Length)] ^= (byte)(1 << random.Next(8));
            Assert.False(FirstContact.Accept(bobPrekeys, tampered, entropy).IsOk);
        }

        Assert.Equal(before, bobPrekeys.Serialize());
        Assert.True(FirstContact.Accept(bobPrekeys, envelope, entropy).IsOk);
    }

    [Fact]
    public void A_session_survives_serialization_on_both_sides_mid_conversation()
    {
        var entropy = new DeterministicEntropy(5);
        var (bobPrekeys, bundle) = BobWithInvite(entropy, out _);
        using var ownedPrekeys = bobPrekeys;
        var (envelope, alice) = FirstContact.Initiate(Seed(1), bundle, "a"u8, entropy).Value;
        var bob = FirstContact.Accept(bobPrekeys, envelope, entropy).Value.Session;

        var reply = bob.Encrypt("b"u8, entropy);
        var aliceRestored = EstablishedSession.Deserialize(alice.Serialize()).Value;
        var bobRestored = EstablishedSession.Deserialize(bob.Serialize()).Value;
        alice.Dispose();
        bob.Dispose();

        Assert.Equal("b", Encoding.UTF8.GetString(aliceRestored.Decrypt(reply).Value));
        Assert.Equal("c", Encoding.UTF8.GetString(bobRestored.Decrypt(aliceRestored.Encrypt("c"u8, entropy)).Value));
        aliceRestored.Dispose();
        bobRestored.Dispose();
    }

    [Fact]
    public void A_stored_session_that_is_truncated_or_mutated_gives_a_typed_error()
    {
        var entropy = new DeterministicEntropy(6);
        var (bobPrekeys, bundle) = BobWithInvite(entropy, out _);
        using var ownedPrekeys = bobPrekeys;
        var (_, alice) = FirstContact.Initiate(Seed(1), bundle, "a"u8, entropy).Value;
        var state = alice.Serialize();
        alice.Dispose();

        for (var length = 0; length < state.Length; length += 7)
        {
            Assert.False(EstablishedSession.Deserialize(state.AsSpan(0, length)).IsOk);
        }

        Assert.Equal(ProtocolError.TrailingBytes, EstablishedSession.Deserialize([.. state, 0]).Error);
        var wrongVersion = (byte[])state.Clone();
        wrongVersion[0] = 9;
        Assert.Equal(ProtocolError.UnsupportedVersion, EstablishedSession.Deserialize(wrongVersion).Error);
    }

    [Fact]
    public void Too_long_a_first_message_is_refused_before_anything_is_sent()
    {
        var entropy = new DeterministicEntropy(7);
        var (bobPrekeys, bundle) = BobWithInvite(entropy, out _);
        using var ownedPrekeys = bobPrekeys;
        var tooLong = new byte[EstablishedSession.MaxPlaintextLength + 1];
        Assert.Equal(ProtocolError.LengthOutOfRange, FirstContact.Initiate(Seed(1), bundle, tooLong, entropy).Error);
    }
}
