using Pvtcoms.Protocol.Ratchet;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// The retired receiving header keys (docs/CRYPTO_SPEC.md part 3 §5/§6, ADR 0012): found by value, expired by age
/// in receive steps (the oldest included), bounded to twenty, and zeroed whenever they leave.
/// </summary>
public sealed class RetiredHeaderKeysMutationTests
{
    [Fact]
    public void A_single_retired_key_is_found_by_value_and_no_other_key_is()
    {
        var retired = new RetiredHeaderKeys();
        retired.Add(new RetiredHeaderKey(Key(1), 3));

        Assert.True(retired.Contains(Key(1)));
        Assert.False(retired.Contains(Key(2)));
    }

    [Fact]
    public void An_empty_set_contains_nothing_not_even_zero_bytes()
    {
        var retired = new RetiredHeaderKeys();

        Assert.False(retired.Contains(Key(1)));
        Assert.False(retired.Contains(new byte[32]));
    }

    [Fact]
    public void Every_one_of_several_retired_keys_is_found_and_a_stranger_is_not()
    {
        var retired = new RetiredHeaderKeys();
        retired.Add(new RetiredHeaderKey(Key(1), 1));
        retired.Add(new RetiredHeaderKey(Key(2), 2));
        retired.Add(new RetiredHeaderKey(Key(3), 3));

        Assert.True(retired.Contains(Key(1)));
        Assert.True(retired.Contains(Key(2)));
        Assert.True(retired.Contains(Key(3)));
        Assert.False(retired.Contains(Key(4)));
    }

    [Fact]
    public void Expiry_deletes_and_zeroes_keys_more_than_twenty_steps_old_including_the_oldest()
    {
        var retired = new RetiredHeaderKeys();
        var oldest = new RetiredHeaderKey(Key(1), 1);
        var tooOld = new RetiredHeaderKey(Key(2), 1);
        var exactlyTwentyOld = new RetiredHeaderKey(Key(3), 2);
        var young = new RetiredHeaderKey(Key(4), 20);
        retired.Add(oldest);
        retired.Add(tooOld);
        retired.Add(exactlyTwentyOld);
        retired.Add(young);

        retired.Expire(22);

        Assert.Equal(2, retired.Count);
        Assert.Same(exactlyTwentyOld, retired[0]);
        Assert.Same(young, retired[1]);
        Assert.True(IsZero(oldest.Key), "the oldest expired key was not zeroed");
        Assert.True(IsZero(tooOld.Key), "an expired key was not zeroed");
        Assert.Equal(Key(3), exactlyTwentyOld.Key);
        Assert.False(retired.Contains(Key(1)));
    }

    [Fact]
    public void Beyond_twenty_keys_the_oldest_are_deleted_and_zeroed()
    {
        var retired = new RetiredHeaderKeys();
        var keys = Enumerable.Range(1, RetiredHeaderKeys.MaxCount + 2).Select(i => new RetiredHeaderKey(Key(i), 10)).ToArray();
        foreach (var key in keys)
        {
            retired.Add(key);
        }

        retired.Expire(10);

        Assert.Equal(RetiredHeaderKeys.MaxCount, retired.Count);
        Assert.Same(keys[2], retired[0]);
        Assert.Same(keys[^1], retired[^1]);
        Assert.True(IsZero(keys[0].Key));
        Assert.True(IsZero(keys[1].Key));
        Assert.All(keys.Skip(2), k => Assert.False(IsZero(k.Key)));
    }

    [Fact]
    public void Clearing_empties_the_set_and_zeroes_every_key()
    {
        var retired = new RetiredHeaderKeys();
        var keys = new[] { new RetiredHeaderKey(Key(1), 1), new RetiredHeaderKey(Key(2), 2) };
        retired.Add(keys[0]);
        retired.Add(keys[1]);

        retired.Clear();

        Assert.Equal(0, retired.Count);
        Assert.All(keys, k => Assert.True(IsZero(k.Key)));
    }

    [Fact]
    public void The_secret_buffer_hook_lists_every_retired_key()
    {
        var retired = new RetiredHeaderKeys();
        var keys = new[] { new RetiredHeaderKey(Key(1), 1), new RetiredHeaderKey(Key(2), 2) };
        retired.Add(keys[0]);
        retired.Add(keys[1]);
        var buffers = new List<byte[]>();

        retired.CollectBuffersForTest(buffers);

        Assert.Equal(2, buffers.Count);
        Assert.Same(keys[0].Key, buffers[0]);
        Assert.Same(keys[1].Key, buffers[1]);
    }

    [Fact]
    public void The_text_of_the_set_shows_only_how_many_keys_it_holds()
    {
        var retired = new RetiredHeaderKeys();
        retired.Add(new RetiredHeaderKey(Key(1), 1));
        retired.Add(new RetiredHeaderKey(Key(2), 2));
        retired.Add(new RetiredHeaderKey(Key(3), 3));

        Assert.Equal("RetiredHeaderKeys(3)", retired.ToString());
        Assert.Equal("RetiredHeaderKey", retired[0].ToString());
    }

    private static byte[] Key(int index) => RatchetStateImage.Key(900, index);

    private static bool IsZero(byte[] bytes) => !bytes.AsSpan().ContainsAnyExcept((byte)0);
}
