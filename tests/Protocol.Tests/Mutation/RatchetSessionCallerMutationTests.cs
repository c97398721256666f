using Pvtcoms.Protocol.Ratchet;
using static Pvtcoms.Protocol.Tests.Mutation.RatchetSessionMutationSpec;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// RatchetSession's caller contract: every wrong size is our ArgumentException with the parameter's name and
/// a message that says what was expected (a shorter key would otherwise be copied silently, a longer one fail
/// in Span.CopyTo with another name), null entropy and use after Dispose are refused even when the call would
/// not have needed them, and the invalid-operation messages say what is wrong.
/// </summary>
public sealed class RatchetSessionCallerMutationTests
{
    public static TheoryData<string, int> KeyParameters()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in new[] { "rootKey", "sharedHeaderKeyA", "sharedNextHeaderKeyB", "responderRatchetKey" })
        {
            data.Add(name, 31);
            data.Add(name, 33);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KeyParameters))]
    public void Initiator_keys_of_the_wrong_size_are_refused_by_name(string parameter, int length)
    {
        var keys = KeysWith(parameter, length, PublicOf(BobPrekey));
        var entropy = new FixedEntropy(AliceFirst);

        var thrown = Assert.Throws<ArgumentException>(() =>
            RatchetSession.InitializeInitiator(keys[0], keys[1], keys[2], keys[3], entropy));

        Assert.Equal(parameter == "responderRatchetKey" ? "responderRatchetPublicKey" : parameter, thrown.ParamName);
        Assert.StartsWith("Expected 32 bytes.", thrown.Message);
        Assert.Equal(0, entropy.Calls);
    }

    [Theory]
    [MemberData(nameof(KeyParameters))]
    public void Responder_keys_of_the_wrong_size_are_refused_by_name(string parameter, int length)
    {
        var keys = KeysWith(parameter, length, BobPrekey);

        var thrown = Assert.Throws<ArgumentException>(() =>
            RatchetSession.InitializeResponder(keys[0], keys[1], keys[2], keys[3]));

        Assert.Equal(parameter == "responderRatchetKey" ? "responderRatchetPrivateKey" : parameter, thrown.ParamName);
        Assert.StartsWith("Expected 32 bytes.", thrown.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void A_low_order_responder_ratchet_key_is_refused_by_name(byte u)
    {
        var lowOrder = new byte[32];
        lowOrder[0] = u;

        var thrown = Assert.Throws<ArgumentException>(() => RatchetSession.InitializeInitiator(SharedRootKey, SharedHeaderKeyA,
            SharedNextHeaderKeyB, lowOrder, new FixedEntropy(AliceFirst)));

        Assert.Equal("responderRatchetPublicKey", thrown.ParamName);
        Assert.StartsWith("Not a usable X25519 public key.", thrown.Message);
    }

    [Fact]
    public void Initiator_without_entropy_is_refused()
    {
        var thrown = Assert.Throws<ArgumentNullException>(() => RatchetSession.InitializeInitiator(SharedRootKey, SharedHeaderKeyA,
            SharedNextHeaderKeyB, PublicOf(BobPrekey), null!));
        Assert.Equal("entropy", thrown.ParamName);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    public void Associated_data_of_the_wrong_size_is_refused_by_name_on_both_sides(int length)
    {
        using var alice = NewAlice();
        using var bob = NewBob();
        var message = alice.Encrypt("x"u8, Transcript, new FixedEntropy(Filled(0xEE)));
        var wrong = new byte[length];

        var onEncrypt = Assert.Throws<ArgumentException>(() => alice.Encrypt("x"u8, wrong, new FixedEntropy(Filled(0xEE))));
        var onDecrypt = Assert.Throws<ArgumentException>(() => bob.TryDecrypt(message, wrong));

        foreach (var thrown in new[] { onEncrypt, onDecrypt })
        {
            Assert.Equal("associatedData", thrown.ParamName);
            Assert.StartsWith("Expected the 32-byte transcript hash.", thrown.Message);
        }
    }

    [Fact]
    public void A_plaintext_over_64_KiB_is_refused_with_the_limit_in_the_message()
    {
        using var alice = NewAlice();
        var before = alice.Serialize();

        var thrown = Assert.Throws<ArgumentException>(() =>
            alice.Encrypt(new byte[RatchetLimits.MaxPlaintextLength + 1], Transcript, new FixedEntropy(Filled(0xEE))));

        Assert.Equal("plaintext", thrown.ParamName);
        Assert.StartsWith("At most 65536 bytes per message.", thrown.Message);
        Assert.Equal(before, alice.Serialize());
    }

    [Fact]
    public void Encrypt_without_entropy_is_refused_even_when_no_ratchet_step_needs_it()
    {
        using var alice = NewAlice();
        var before = alice.Serialize();

        var thrown = Assert.Throws<ArgumentNullException>(() => alice.Encrypt("x"u8, Transcript, null!));

        Assert.Equal("entropy", thrown.ParamName);
        Assert.Equal(before, alice.Serialize());
    }

    [Fact]
    public void The_responder_cannot_send_first_and_is_told_why()
    {
        using var bob = NewBob();
        var thrown = Assert.Throws<InvalidOperationException>(() => bob.Encrypt("x"u8, Transcript, new FixedEntropy(BobSecond)));
        Assert.Equal("The responder cannot send before it has decrypted the initiator's first message.", thrown.Message);
    }

    [Fact]
    public void Completing_a_ratchet_step_without_entropy_is_refused_even_when_none_is_pending()
    {
        using var alice = NewAlice();
        var before = alice.Serialize();

        var thrown = Assert.Throws<ArgumentNullException>(() => alice.CompletePendingRatchetStep(null!));

        Assert.Equal("entropy", thrown.ParamName);
        Assert.Equal(before, alice.Serialize());
    }

    [Fact]
    public void Completing_a_ratchet_step_on_a_disposed_session_is_refused()
    {
        var alice = NewAlice();
        alice.Dispose();

        var thrown = Assert.Throws<ObjectDisposedException>(() => alice.CompletePendingRatchetStep(new FixedEntropy(Filled(0xEE))));

        Assert.Equal(typeof(RatchetSession).FullName, thrown.ObjectName);
    }

    [Fact]
    public void Completing_a_pending_ratchet_step_uses_the_entropy_once_and_only_when_pending()
    {
        using var alice = NewAlice();
        using var bob = NewBob();
        Assert.True(bob.TryDecrypt(alice.Encrypt("a0"u8, Transcript, new FixedEntropy(Filled(0xEE))), Transcript).IsOk);
        var entropy = new FixedEntropy(BobSecond);

        bob.CompletePendingRatchetStep(entropy);
        bob.CompletePendingRatchetStep(entropy);
        var reply = bob.Encrypt("r0"u8, Transcript, entropy);

        Assert.Equal(1, entropy.Calls);
        Assert.True(alice.TryDecrypt(reply, Transcript).IsOk);
    }

    private static byte[][] KeysWith(string parameter, int length, byte[] ratchetKey)
    {
        var keys = new[] { SharedRootKey, SharedHeaderKeyA, SharedNextHeaderKeyB, ratchetKey };
        var index = Array.IndexOf(new[] { "rootKey", "sharedHeaderKeyA", "sharedNextHeaderKeyB", "responderRatchetKey" }, parameter);
        var wrong = new byte[length];
        keys[index].AsSpan(0, Math.Min(32, length)).CopyTo(wrong);
        keys[index] = wrong;
        return keys;
    }
}
