using System.Runtime.CompilerServices;
using Pvtcoms.Protocol.Ratchet;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// The skipped-message-key store (docs/CRYPTO_SPEC.md part 3 §5/§6): one header-key array per chain, the oldest
/// evicted first, expiry by receive steps, and every key that leaves the store zeroed — a header key only once no
/// remaining entry shares it — and not kept alive.
/// </summary>
public sealed class SkippedMessageKeysMutationTests
{
    [Fact]
    public void Entries_of_one_chain_appended_one_after_another_share_the_first_header_key_array()
    {
        var store = new SkippedMessageKeys();
        var first = Entry(1, 0, 0);
        var second = Entry(1, 1, 0);
        var otherChain = Entry(2, 0, 0);
        var sameArray = new SkippedKey(first.HeaderKey, 2, 0, Key(1, 102));

        store.Append(first);
        store.Append(second);
        store.Append(otherChain);
        store.Append(sameArray);

        Assert.Same(first.HeaderKey, store[1].HeaderKey);
        Assert.NotSame(second.OriginalHeaderKey, store[1].HeaderKey);
        Assert.NotSame(first.HeaderKey, store[2].HeaderKey);
        Assert.Same(first.HeaderKey, store[3].HeaderKey);
        Assert.Equal(4, store.Count);
    }

    [Fact]
    public void A_header_key_copy_is_zeroed_only_once_no_entry_refers_to_it()
    {
        var store = new SkippedMessageKeys();
        var first = Entry(3, 0, 0);
        var second = Entry(3, 1, 0);
        store.Append(first);
        store.Append(second);

        store.ZeroIfUnreferenced(first.HeaderKey);
        store.ZeroIfUnreferenced(second.OriginalHeaderKey);

        Assert.Equal(Key(3, 0), first.HeaderKey);
        Assert.True(IsZero(second.OriginalHeaderKey));
    }

    [Fact]
    public void Removing_an_entry_zeroes_its_message_key_and_its_header_key_once_no_other_entry_shares_it()
    {
        var store = new SkippedMessageKeys();
        var first = Entry(4, 0, 0);
        var second = Entry(4, 1, 0);
        store.Append(first);
        store.Append(second);
        var sharedHeaderKey = store[0].HeaderKey;

        store.RemoveAt(0);

        Assert.True(IsZero(first.MessageKey));
        Assert.Equal(Key(4, 0), sharedHeaderKey);
        Assert.Equal(Key(4, 1001), second.MessageKey);
        Assert.Same(second, store[0]);

        store.RemoveAt(0);

        Assert.True(IsZero(second.MessageKey));
        Assert.True(IsZero(sharedHeaderKey));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Expiry_deletes_and_zeroes_exactly_the_entries_more_than_twenty_steps_old()
    {
        var store = new SkippedMessageKeys();
        var expired = new[] { Entry(5, 0, 1), Entry(5, 1, 1) };
        var kept = new[] { Entry(6, 0, 2), Entry(6, 1, 2) };
        foreach (var entry in expired.Concat(kept))
        {
            store.Append(entry);
        }

        store.Expire(22);

        Assert.Equal(2, store.Count);
        Assert.Same(kept[0], store[0]);
        Assert.Same(kept[1], store[1]);
        Assert.All(expired, e => Assert.True(IsZero(e.MessageKey), "an expired message key was not zeroed"));
        Assert.True(IsZero(expired[0].HeaderKey), "the expired chain's header key was not zeroed");
        Assert.All(kept, e => Assert.False(IsZero(e.MessageKey)));
        Assert.Equal(Key(6, 0), kept[0].HeaderKey);
    }

    [Fact]
    public void Expiry_keeps_the_header_key_of_a_chain_that_still_has_younger_entries()
    {
        var store = new SkippedMessageKeys();
        var old = new SkippedKey(Key(7, 0), 0, 1, Key(7, 1000));
        var young = new SkippedKey(Key(7, 0), 1, 2, Key(7, 1001));
        store.Append(old);
        store.Append(young);

        store.Expire(22);

        Assert.Same(young, store[0]);
        Assert.True(IsZero(old.MessageKey));
        Assert.Equal(Key(7, 0), young.HeaderKey);
    }

    [Fact]
    public void Eviction_removes_and_zeroes_the_oldest_entries_beyond_the_bound()
    {
        var store = new SkippedMessageKeys();
        var oldChain = new[] { Entry(8, 0, 0), Entry(8, 1, 0) };
        var middle = new[] { Entry(9, 0, 0), Entry(9, 1, 0) };
        var newest = Entry(10, 0, 0);
        foreach (var entry in oldChain.Concat(middle).Append(newest))
        {
            store.Append(entry);
        }

        store.EvictOldest(2);

        Assert.Equal(2, store.Count);
        Assert.Same(middle[1], store[0]);
        Assert.Same(newest, store[1]);
        Assert.All(oldChain, e => Assert.True(IsZero(e.MessageKey), "an evicted message key was not zeroed"));
        Assert.True(IsZero(middle[0].MessageKey));
        Assert.True(IsZero(oldChain[0].HeaderKey), "the evicted chain's header key was not zeroed");
        Assert.Equal(Key(9, 0), middle[1].HeaderKey);
        Assert.False(IsZero(middle[1].MessageKey));
        Assert.False(IsZero(newest.MessageKey));
    }

    [Fact]
    public void Eviction_at_or_under_the_bound_changes_nothing()
    {
        var store = new SkippedMessageKeys();
        var entries = new[] { Entry(11, 0, 0), Entry(11, 1, 0) };
        store.Append(entries[0]);
        store.Append(entries[1]);

        store.EvictOldest(2);
        store.EvictOldest(3);

        Assert.Equal(2, store.Count);
        Assert.All(entries, e => Assert.False(IsZero(e.MessageKey)));
        Assert.Equal(Key(11, 0), entries[0].HeaderKey);
    }

    [Fact]
    public void Evicted_and_expired_entries_are_not_kept_alive_by_the_store()
    {
        var store = new SkippedMessageKeys();
        var evicted = AppendUntracked(store, 12, step: 0);
        var expired = AppendUntracked(store, 13, step: 0);
        store.Append(Entry(14, 0, 30));
        store.Append(Entry(14, 1, 30));

        store.EvictOldest(3);
        store.Expire(30);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.Equal(2, store.Count);
        Assert.False(evicted.IsAlive, "an evicted entry is still referenced by the store");
        Assert.False(expired.IsAlive, "an expired entry is still referenced by the store");
    }

    [Fact]
    public void Clearing_empties_the_store_and_zeroes_every_key()
    {
        var store = new SkippedMessageKeys();
        var entries = new[] { Entry(15, 0, 0), Entry(15, 1, 0), Entry(16, 0, 0) };
        foreach (var entry in entries)
        {
            store.Append(entry);
        }

        store.Clear();

        Assert.Equal(0, store.Count);
        Assert.All(entries, e => Assert.True(IsZero(e.MessageKey)));
        Assert.All(entries, e => Assert.True(IsZero(e.HeaderKey)));
        Assert.Equal(-1, store.IndexOf(Key(15, 0), 0));
    }

    [Fact]
    public void The_secret_buffer_hook_lists_every_message_key_and_header_key()
    {
        var store = new SkippedMessageKeys();
        var first = Entry(17, 0, 0);
        var second = Entry(18, 0, 0);
        store.Append(first);
        store.Append(second);
        var buffers = new List<byte[]>();

        store.CollectBuffersForTest(buffers);

        Assert.Equal(4, buffers.Count);
        Assert.Contains(buffers, b => ReferenceEquals(b, first.MessageKey));
        Assert.Contains(buffers, b => ReferenceEquals(b, first.HeaderKey));
        Assert.Contains(buffers, b => ReferenceEquals(b, second.MessageKey));
        Assert.Contains(buffers, b => ReferenceEquals(b, second.HeaderKey));
    }

    [Fact]
    public void The_text_of_the_store_shows_only_how_many_keys_it_holds()
    {
        var store = new SkippedMessageKeys();
        store.Append(Entry(19, 0, 0));
        store.Append(Entry(19, 1, 0));

        Assert.Equal("SkippedMessageKeys(2)", store.ToString());
        Assert.Equal("SkippedKey", store[0].ToString());
    }

    /// <summary>Entry N of chain <paramref name="chain"/>: a fresh header-key array with the chain's key.</summary>
    private static SkippedKey Entry(int chain, uint number, uint step) =>
        new(Key(chain, 0), number, step, Key(chain, 1000 + (int)number));

    private static byte[] Key(int chain, int index) => RatchetStateImage.Key(500 + chain, index);

    private static bool IsZero(byte[] bytes) => !bytes.AsSpan().ContainsAnyExcept((byte)0);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference AppendUntracked(SkippedMessageKeys store, int chain, uint step)
    {
        var entry = Entry(chain, 0, step);
        store.Append(entry);
        return new WeakReference(entry);
    }
}
