using System.Globalization;
using Pvtcoms.Protocol.Ratchet;

namespace Pvtcoms.Protocol.Tests.Ratchet;

/// <summary>Skipped message keys are bounded per chain, in total, and in age (ADR 0012).</summary>
public sealed class RatchetBoundsTests
{
    [Fact]
    public void A_gap_of_exactly_the_per_chain_bound_decrypts()
    {
        using var c = new RatchetConversation(51);
        var messages = SendMany(c, c.Alice, RatchetLimits.MaxSkipPerChain + 1, "m");
        c.Receive(c.Bob, messages[^1], Text("m", RatchetLimits.MaxSkipPerChain));
        Assert.Equal(RatchetLimits.MaxSkipPerChain, c.Bob.SkippedKeyCount);
        c.Receive(c.Bob, messages[0], Text("m", 0));
        c.Receive(c.Bob, messages[500], Text("m", 500));
    }

    [Fact]
    public void A_gap_one_beyond_the_per_chain_bound_is_refused_without_a_state_change()
    {
        using var c = new RatchetConversation(52);
        var messages = SendMany(c, c.Alice, RatchetLimits.MaxSkipPerChain + 2, "m");
        var before = c.Bob.Serialize();
        Assert.Equal(ProtocolError.TooManySkippedMessages, c.Deliver(c.Bob, messages[^1]).Error);
        Assert.Equal(before, c.Bob.Serialize());
        c.Receive(c.Bob, messages[0], Text("m", 0));
        c.Receive(c.Bob, messages[^1], Text("m", RatchetLimits.MaxSkipPerChain + 1));
    }

    [Fact]
    public void A_previous_chain_length_beyond_the_bound_is_refused()
    {
        using var c = new RatchetConversation(53);
        c.RoundTrip("start");
        SendMany(c, c.Alice, RatchetLimits.MaxSkipPerChain + 1, "lost");
        c.Receive(c.Alice, c.Send(c.Bob, "b1"), "b1");
        var newChain = c.Send(c.Alice, "new chain");
        var before = c.Bob.Serialize();
        Assert.Equal(ProtocolError.TooManySkippedMessages, c.Deliver(c.Bob, newChain).Error);
        Assert.Equal(before, c.Bob.Serialize());
    }

    [Fact]
    public void Beyond_the_total_bound_the_oldest_skipped_keys_are_evicted()
    {
        using var c = new RatchetConversation(54);

        // Chain 1: 1000 skipped keys.
        var chain1 = SendMany(c, c.Alice, RatchetLimits.MaxSkipPerChain + 1, "c1-");
        c.Receive(c.Bob, chain1[^1], Text("c1-", RatchetLimits.MaxSkipPerChain));
        c.Receive(c.Alice, c.Send(c.Bob, "b1"), "b1");

        // Chain 2: 1000 more, the store is full.
        var chain2 = SendMany(c, c.Alice, RatchetLimits.MaxSkipPerChain + 1, "c2-");
        c.Receive(c.Bob, chain2[^1], Text("c2-", RatchetLimits.MaxSkipPerChain));
        Assert.Equal(RatchetLimits.MaxSkippedTotal, c.Bob.SkippedKeyCount);
        c.Receive(c.Alice, c.Send(c.Bob, "b2"), "b2");

        // Chain 3: two more skipped keys evict the two oldest (chain 1, messages 0 and 1).
        var chain3 = SendMany(c, c.Alice, 3, "c3-");
        c.Receive(c.Bob, chain3[2], "c3-2");
        Assert.Equal(RatchetLimits.MaxSkippedTotal, c.Bob.SkippedKeyCount);

        Assert.Equal(ProtocolError.DuplicateMessage, c.Deliver(c.Bob, chain1[0]).Error);
        Assert.Equal(ProtocolError.DuplicateMessage, c.Deliver(c.Bob, chain1[1]).Error);
        c.Receive(c.Bob, chain1[2], "c1-2");
        c.Receive(c.Bob, chain2[0], "c2-0");
        c.Receive(c.Bob, chain3[0], "c3-0");
    }

    [Fact]
    public void Skipped_keys_expire_after_the_age_bound_in_DH_steps()
    {
        using var c = new RatchetConversation(55);
        var late = c.Send(c.Alice, "late");
        c.Receive(c.Bob, c.Send(c.Alice, "on time"), "on time");
        Assert.Equal(1, c.Bob.SkippedKeyCount);

        for (var i = 0; i < RatchetLimits.MaxSkippedKeyAgeSteps; i++)
        {
            c.Receive(c.Alice, c.Send(c.Bob, "b"), "b");
            c.Receive(c.Bob, c.Send(c.Alice, "a"), "a");
        }

        // Exactly at the bound the key is still there (checked on a copy) ...
        using (var copy = RatchetSession.Deserialize(c.Bob.Serialize()).Value)
        {
            var result = copy.TryDecrypt(late, c.AssociatedData);
            Assert.True(result.IsOk);
        }

        // ... one more DH step and it is gone, with its chain's header key.
        c.Receive(c.Alice, c.Send(c.Bob, "b"), "b");
        c.Receive(c.Bob, c.Send(c.Alice, "a"), "a");
        Assert.Equal(0, c.Bob.SkippedKeyCount);
        Assert.Equal(ProtocolError.HeaderDecryptionFailed, c.Deliver(c.Bob, late).Error);
    }

    [Fact]
    public void A_duplicate_of_an_old_chain_is_recognised_within_the_age_bound()
    {
        using var c = new RatchetConversation(56);
        var old = c.Send(c.Alice, "old");
        c.Receive(c.Bob, old, "old");
        for (var i = 0; i < 5; i++)
        {
            c.RoundTrip("r" + i);
        }

        var before = c.Bob.Serialize();
        Assert.Equal(ProtocolError.DuplicateMessage, c.Deliver(c.Bob, old).Error);
        Assert.Equal(before, c.Bob.Serialize());
    }

    [Fact]
    public void A_used_skipped_key_is_deleted_so_its_duplicate_is_refused()
    {
        using var c = new RatchetConversation(57);
        var first = c.Send(c.Alice, "first");
        c.Receive(c.Bob, c.Send(c.Alice, "second"), "second");
        c.Receive(c.Bob, first, "first");
        Assert.Equal(0, c.Bob.SkippedKeyCount);
        Assert.Equal(ProtocolError.DuplicateMessage, c.Deliver(c.Bob, first).Error);
    }

    private static List<byte[]> SendMany(RatchetConversation c, RatchetSession from, int count, string prefix)
    {
        var messages = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            messages.Add(c.Send(from, Text(prefix, i)));
        }

        return messages;
    }

    private static string Text(string prefix, int i) => prefix + i.ToString(CultureInfo.InvariantCulture);
}
