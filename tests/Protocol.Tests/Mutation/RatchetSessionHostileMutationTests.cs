using System.Buffers.Binary;
using System.Text;
using Pvtcoms.Protocol.Ratchet;
using static Pvtcoms.Protocol.Tests.Mutation.RatchetSessionMutationSpec;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// Hostile messages crafted from docs/CRYPTO_SPEC.md part 3 (headers the honest peer never writes) and stored
/// states at the edges of their counters: each gets the spec's error code, and a refusal changes nothing.
/// </summary>
public sealed class RatchetSessionHostileMutationTests
{
    private static readonly byte[] s_alice1 = PublicOf(AliceFirst);

    /// <summary>Message 0 of Alice's first chain: the key every fresh responder derives for it.</summary>
    private static readonly byte[] s_firstMessageKey =
        ChainKdf(RootKdf(SharedRootKey, Dh(BobPrekey, s_alice1)).ChainKey).MessageKey;

    [Fact]
    public void A_first_message_claiming_a_previous_chain_skips_nothing_because_there_is_no_receiving_chain()
    {
        using var bob = NewBob();
        using var reference = NewBob();
        var claimsFive = Message(SharedHeaderKeyA, Header(s_alice1, 5, 0), s_firstMessageKey, "hi"u8.ToArray());
        var honest = Message(SharedHeaderKeyA, Header(s_alice1, 0, 0), s_firstMessageKey, "hi"u8.ToArray());

        AssertDecrypts(bob, claimsFive, "hi");
        AssertDecrypts(reference, honest, "hi");

        Assert.Equal(0, bob.SkippedKeyCount);
        Assert.Equal(reference.Serialize(), bob.Serialize());
    }

    [Fact]
    public void A_first_message_claiming_a_previous_chain_beyond_the_skip_bound_is_refused()
    {
        using var bob = NewBob();
        var atBound = Message(SharedHeaderKeyA, Header(s_alice1, RatchetLimits.MaxSkipPerChain, 0), s_firstMessageKey, "ok"u8.ToArray());
        var beyond = Message(SharedHeaderKeyA, Header(s_alice1, RatchetLimits.MaxSkipPerChain + 1, 0), s_firstMessageKey, "no"u8.ToArray());
        var before = bob.Serialize();

        Assert.Equal(ProtocolError.TooManySkippedMessages, bob.TryDecrypt(beyond, Transcript).Error);
        Assert.Equal(before, bob.Serialize());

        AssertDecrypts(bob, atBound, "ok");
    }

    [Fact]
    public void A_new_chain_claiming_a_previous_chain_beyond_the_skip_bound_is_refused_and_one_at_the_bound_is_not()
    {
        using var alice = NewAlice();
        using var bob = NewBob();
        AssertDecrypts(bob, alice.Encrypt("a0"u8, Transcript, new FixedEntropy(Filled(0xEE))), "a0");

        // Bob's NHKr and the chain a new key of Alice's would open (Bob has not sent, so his DHs is still the prekey).
        var (rk1, _, nextHeaderKey1) = RootKdf(SharedRootKey, Dh(BobPrekey, s_alice1));
        var alice2 = PublicOf(AliceSecond);
        var newChainKey = ChainKdf(RootKdf(rk1, Dh(BobPrekey, alice2)).ChainKey).MessageKey;
        const uint received = 1;
        var beyond = Message(nextHeaderKey1, Header(alice2, received + RatchetLimits.MaxSkipPerChain + 1, 0), newChainKey, "no"u8.ToArray());
        var atBound = Message(nextHeaderKey1, Header(alice2, received + RatchetLimits.MaxSkipPerChain, 0), newChainKey, "ok"u8.ToArray());
        var before = bob.Serialize();

        Assert.Equal(ProtocolError.TooManySkippedMessages, bob.TryDecrypt(beyond, Transcript).Error);
        Assert.Equal(before, bob.Serialize());

        AssertDecrypts(bob, atBound, "ok");
        Assert.Equal(RatchetLimits.MaxSkipPerChain, bob.SkippedKeyCount);
    }

    [Fact]
    public void A_low_order_ratchet_key_in_a_new_chain_is_refused_when_a_receiving_chain_exists()
    {
        using var alice = NewAlice();
        using var bob = NewBob();
        AssertDecrypts(bob, alice.Encrypt("a0"u8, Transcript, new FixedEntropy(Filled(0xEE))), "a0");
        var next = alice.Encrypt("a1"u8, Transcript, new FixedEntropy(Filled(0xEE)));

        var nextHeaderKey1 = RootKdf(SharedRootKey, Dh(BobPrekey, s_alice1)).NextHeaderKey;
        var lowOrder = new byte[32]; // u = 0: every shared secret would be zero
        var hostile = Message(nextHeaderKey1, Header(lowOrder, 1, 0), Filled(0x33), "junk"u8.ToArray());
        var before = bob.Serialize();

        Assert.Equal(ProtocolError.InvalidRatchetMessage, bob.TryDecrypt(hostile, Transcript).Error);
        Assert.Equal(before, bob.Serialize());

        AssertDecrypts(bob, next, "a1");
    }

    [Fact]
    public void A_stored_receiving_header_key_without_a_receiving_chain_refuses_messages_under_it()
    {
        using var fresh = NewBob();
        var state = fresh.Serialize();
        var headerKey = Filled(0x5A);
        state[FlagsOffset] = HasReceiveHeaderKey;
        headerKey.CopyTo(state, ReceiveHeaderKeyOffset);
        var restored = RatchetSession.Deserialize(state);
        Assert.True(restored.IsOk, $"restoring failed: {restored.Error}");
        using var bob = restored.Value;

        // Sealed with what an all-zero chain key would give, so only the missing-chain check refuses it.
        var zeroChainMessageKey = ChainKdf(new byte[32]).MessageKey;
        var message = Message(headerKey, Header(s_alice1, 0, 0), zeroChainMessageKey, "x"u8.ToArray());

        Assert.Equal(ProtocolError.InvalidRatchetMessage, bob.TryDecrypt(message, Transcript).Error);
        Assert.Equal(state, bob.Serialize());
    }

    [Fact]
    public void A_receiving_step_that_would_overflow_the_step_counter_is_refused()
    {
        using var alice = NewAlice();
        var first = alice.Encrypt("first"u8, Transcript, new FixedEntropy(Filled(0xEE)));
        using var fresh = NewBob();

        using var atLimit = WithCounter(fresh.Serialize(), ReceiveStepsOffset, uint.MaxValue, out var state);
        Assert.Equal(ProtocolError.RatchetCounterOverflow, atLimit.TryDecrypt(first, Transcript).Error);
        Assert.Equal(state, atLimit.Serialize());

        using var belowLimit = WithCounter(fresh.Serialize(), ReceiveStepsOffset, uint.MaxValue - 1, out _);
        AssertDecrypts(belowLimit, first, "first");
    }

    [Fact]
    public void An_exhausted_sending_chain_refuses_to_encrypt_and_changes_nothing()
    {
        using var fresh = NewAlice();
        using var alice = WithCounter(fresh.Serialize(), SendCountOffset, uint.MaxValue - 1, out _);
        var entropy = new FixedEntropy(Filled(0xEE));

        // The last number a chain can carry is 2^32 - 2, with message key 0 of the chain (only Ns was changed).
        var last = alice.Encrypt("last"u8, Transcript, entropy);
        var chainKey = RootKdf(SharedRootKey, Dh(AliceFirst, PublicOf(BobPrekey))).ChainKey;
        Assert.Equal(Message(SharedHeaderKeyA, Header(s_alice1, 0, uint.MaxValue - 1), ChainKdf(chainKey).MessageKey, "last"u8.ToArray()), last);

        var before = alice.Serialize();
        var thrown = Assert.Throws<InvalidOperationException>(() => alice.Encrypt("one too many"u8, Transcript, entropy));
        Assert.Equal("The sending chain is exhausted.", thrown.Message);
        Assert.Equal(before, alice.Serialize());
    }

    [Fact]
    public void A_stored_unusable_remote_ratchet_key_stops_the_sending_step()
    {
        using var alice = NewAlice();
        using var received = NewBob();
        AssertDecrypts(received, alice.Encrypt("a0"u8, Transcript, new FixedEntropy(Filled(0xEE))), "a0");
        var state = received.Serialize();
        Assert.Equal(SendRatchetPending, state[FlagsOffset] & SendRatchetPending);
        new byte[32].CopyTo(state, RemoteRatchetKeyOffset);
        var restored = RatchetSession.Deserialize(state);
        Assert.True(restored.IsOk, $"restoring failed: {restored.Error}");
        using var bob = restored.Value;

        var onEncrypt = Assert.Throws<InvalidOperationException>(() => bob.Encrypt("reply"u8, Transcript, new FixedEntropy(BobSecond)));
        Assert.Equal("The stored remote ratchet key is unusable.", onEncrypt.Message);
        var onStep = Assert.Throws<InvalidOperationException>(() => bob.CompletePendingRatchetStep(new FixedEntropy(BobSecond)));
        Assert.Equal("The stored remote ratchet key is unusable.", onStep.Message);
    }

    private static RatchetSession WithCounter(byte[] state, int offset, uint value, out byte[] patched)
    {
        BinaryPrimitives.WriteUInt32BigEndian(state.AsSpan(offset), value);
        patched = state;
        var restored = RatchetSession.Deserialize(state);
        Assert.True(restored.IsOk, $"restoring failed: {restored.Error}");
        return restored.Value;
    }

    private static void AssertDecrypts(RatchetSession to, byte[] message, string expected)
    {
        var result = to.TryDecrypt(message, Transcript);
        Assert.True(result.IsOk, $"decryption failed: {result.Error}");
        Assert.Equal(expected, Encoding.UTF8.GetString(result.Value));
    }
}
