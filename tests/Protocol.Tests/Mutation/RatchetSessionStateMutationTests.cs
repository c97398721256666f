using System.Text;
using Pvtcoms.Protocol.Ratchet;
using Pvtcoms.Protocol.Tests.Ratchet;
using static Pvtcoms.Protocol.Tests.Mutation.RatchetSessionMutationSpec;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// The whole stored state of both parties after a conversation with a gap, a reply and a new chain, recomputed
/// from docs/CRYPTO_SPEC.md part 3 (§5 state transitions, §7 layout) with .NET's HKDF and HMAC; and proof that
/// a refused message leaves nothing behind that a later, genuine message would pick up.
/// </summary>
public sealed class RatchetSessionStateMutationTests
{
    private static readonly byte[] s_unusedEntropy = Filled(0xEE);

    [Fact]
    public void Both_stored_states_after_a_gap_a_reply_and_a_new_chain_match_the_spec_byte_for_byte()
    {
        using var alice = NewAlice();
        using var bob = NewBob();
        var m0 = alice.Encrypt("m0"u8, Transcript, new FixedEntropy(s_unusedEntropy));
        var m1 = alice.Encrypt("m1"u8, Transcript, new FixedEntropy(s_unusedEntropy));
        var m2 = alice.Encrypt("m2"u8, Transcript, new FixedEntropy(s_unusedEntropy));
        AssertDecrypts(bob, m2, "m2");
        var r0 = bob.Encrypt("r0"u8, Transcript, new FixedEntropy(BobSecond));
        AssertDecrypts(alice, r0, "r0");
        var m3 = alice.Encrypt("m3"u8, Transcript, new FixedEntropy(AliceSecond));
        AssertDecrypts(bob, m3, "m3");
        var m4 = alice.Encrypt("m4"u8, Transcript, new FixedEntropy(s_unusedEntropy));
        AssertDecrypts(bob, m4, "m4");

        // §5 by hand. Alice's first chain (her init = Bob's first receiving step: same DH).
        var alice1 = PublicOf(AliceFirst);
        var alice2 = PublicOf(AliceSecond);
        var bob1 = PublicOf(BobSecond);
        var (rk1, chainA1, nextHeaderKey1) = RootKdf(SharedRootKey, Dh(BobPrekey, alice1));

        // Bob's sending half with his second key pair (= Alice's receiving step on r0).
        var (rk2, chainB1, nextHeaderKeyB1) = RootKdf(rk1, Dh(BobSecond, alice1));

        // Alice's sending half with her second key pair (= Bob's receiving step on m3).
        var (rk3, chainA2, nextHeaderKey2) = RootKdf(rk2, Dh(AliceSecond, bob1));
        Assert.Equal(rk3, RootKdf(rk2, Dh(BobSecond, alice2)).RootKey);

        var mk0 = ChainKdf(chainA1).MessageKey;
        var mk1 = ChainKdf(ChainKeyAfter(chainA1, 1)).MessageKey;

        // Alice's new chain: HKs = her NHKs from init, PN = 3 (m0..m2), N = 0, 1.
        Assert.Equal(Message(nextHeaderKey1, Header(alice2, 3, 0), ChainKdf(chainA2).MessageKey, "m3"u8.ToArray()), m3);
        Assert.Equal(Message(nextHeaderKey1, Header(alice2, 3, 1), ChainKdf(ChainKeyAfter(chainA2, 1)).MessageKey, "m4"u8.ToArray()), m4);
        Assert.NotEqual(m0, m1);

        var expectedBob = Concat(
            [0x01, HasRemoteRatchetKey | HasReceiveChain | HasSendHeaderKey | HasReceiveHeaderKey | SendRatchetPending],
            BobSecond, bob1, alice2, rk3, new byte[32], ChainKeyAfter(chainA2, 2),
            nextHeaderKeyB1, nextHeaderKey1, nextHeaderKeyB1, nextHeaderKey2,
            U32(0), U32(2), U32(1), U32(2),
            [0x00, 0x02],
            SharedHeaderKeyA, U32(0), U32(1), mk0,
            SharedHeaderKeyA, U32(1), U32(1), mk1,
            [0x01],
            SharedHeaderKeyA, U32(1));
        Assert.Equal(expectedBob, bob.Serialize());

        var expectedAlice = Concat(
            [0x01, HasRemoteRatchetKey | HasSendChain | HasReceiveChain | HasSendHeaderKey | HasReceiveHeaderKey],
            AliceSecond, alice2, bob1, rk3, ChainKeyAfter(chainA2, 2), ChainKeyAfter(chainB1, 1),
            nextHeaderKey1, SharedNextHeaderKeyB, nextHeaderKey2, nextHeaderKeyB1,
            U32(2), U32(1), U32(3), U32(1),
            [0x00, 0x00],
            [0x00]);
        Assert.Equal(expectedAlice, alice.Serialize());

        // The two skipped keys still open their messages.
        AssertDecrypts(bob, m0, "m0");
        AssertDecrypts(bob, m1, "m1");
    }

    [Fact]
    public void Messages_within_one_chain_retire_no_header_key()
    {
        using var alice = NewAlice();
        using var bob = NewBob();
        for (var i = 0; i < 3; i++)
        {
            AssertDecrypts(bob, alice.Encrypt("same chain"u8, Transcript, new FixedEntropy(s_unusedEntropy)), "same chain");
        }

        // No gap, no second chain: no skipped key and no retired header key (count bytes 0 and 0).
        var state = bob.Serialize();
        Assert.Equal(340 + 1, state.Length);
        Assert.Equal(0, state[^1]);
    }

    public enum Gap
    {
        InTheCurrentChain,
        BeforeANewChain,
    }

    [Theory]
    [InlineData(Gap.InTheCurrentChain)]
    [InlineData(Gap.BeforeANewChain)]
    public void A_refused_message_leaves_nothing_that_a_later_genuine_one_picks_up(Gap gap)
    {
        using var c = new RatchetConversation(gap == Gap.InTheCurrentChain ? 401 : 402);
        c.Receive(c.Bob, c.Send(c.Alice, "a0"), "a0");
        var lost = c.Send(c.Alice, "a1");
        c.Send(c.Alice, "a2");
        if (gap == Gap.BeforeANewChain)
        {
            // Alice moves to a new chain: Bob must skip a1, a2 (PN = 3) and retire the old header key.
            c.Receive(c.Alice, c.Send(c.Bob, "b0"), "b0");
        }

        var genuine = c.Send(c.Alice, "a3");
        using var reference = RatchetSession.Deserialize(c.Bob.Serialize()).Value;

        var tampered = (byte[])genuine.Clone();
        tampered[^1] ^= 0x01;
        Assert.Equal(ProtocolError.MessageDecryptionFailed, c.Deliver(c.Bob, tampered).Error);

        c.Receive(c.Bob, genuine, "a3");
        var referenceResult = reference.TryDecrypt(genuine, c.AssociatedData);
        Assert.True(referenceResult.IsOk);

        Assert.Equal(2, c.Bob.SkippedKeyCount);
        Assert.Equal(reference.Serialize(), c.Bob.Serialize());
        c.Receive(c.Bob, lost, "a1");
    }

    private static void AssertDecrypts(RatchetSession to, byte[] message, string expected)
    {
        var result = to.TryDecrypt(message, Transcript);
        Assert.True(result.IsOk, $"decryption failed: {result.Error}");
        Assert.Equal(expected, Encoding.UTF8.GetString(result.Value));
    }
}
