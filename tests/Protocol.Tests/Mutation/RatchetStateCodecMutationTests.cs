using Pvtcoms.Protocol.Ratchet;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// Every rule of the ratchet-state parser (docs/CRYPTO_SPEC.md part 3 §7) on hand-written states that break exactly
/// that rule and nothing else: a typed error, never an exception, and nothing of the partial parse left behind.
/// Each refusal has an accepted twin that differs only in the broken rule.
/// </summary>
public sealed class RatchetStateCodecMutationTests
{
    private const byte Remote = 1 << 0;
    private const byte SendChain = 1 << 1;
    private const byte ReceiveChain = 1 << 2;
    private const byte SendHeader = 1 << 3;
    private const byte ReceiveHeader = 1 << 4;
    private const byte Pending = 1 << 5;

    [Fact]
    public void The_hand_written_base_states_are_accepted()
    {
        AssertAccepted(RatchetStateImage.FreshResponder(1));
        AssertAccepted(RatchetStateImage.Receiving(2));
        AssertAccepted(Sending(3));
    }

    [Fact]
    public void Every_prefix_of_a_state_with_skipped_and_retired_keys_is_truncated()
    {
        var image = RatchetStateImage.Receiving(10);
        image.ReceiveSteps = 3;
        var retiredKey = RatchetStateImage.Key(10, 60);
        image.Skipped.Add(new(image.ReceiveHeaderKey!, 4, 3, RatchetStateImage.Key(10, 61)));
        image.Skipped.Add(new(retiredKey, 5, 2, RatchetStateImage.Key(10, 62)));
        image.Retired.Add(new(retiredKey, 2));
        var bytes = image.ToBytes();
        AssertAccepted(image);

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Equal(ProtocolError.Truncated, RatchetSession.Deserialize(bytes.AsSpan(0, length)).Error);
        }

        var longer = new byte[bytes.Length + 1];
        bytes.CopyTo(longer, 0);
        Assert.Equal(ProtocolError.TrailingBytes, RatchetSession.Deserialize(longer).Error);
    }

    [Fact]
    public void A_failed_parse_leaves_no_key_count_or_entry_behind_in_the_buffers_it_filled()
    {
        var image = RatchetStateImage.Receiving(11);
        image.ReceiveSteps = 3;
        image.ReceiveCount = 9;
        var retiredKey = RatchetStateImage.Key(11, 60);
        image.Skipped.Add(new(image.ReceiveHeaderKey!, 4, 3, RatchetStateImage.Key(11, 61)));
        image.Skipped.Add(new(retiredKey, 5, 2, RatchetStateImage.Key(11, 62)));
        image.Retired.Add(new(retiredKey, 2));
        var bytes = image.ToBytes();
        var withTrailingByte = new byte[bytes.Length + 1];
        bytes.CopyTo(withTrailingByte, 0);

        var state = new RatchetState();
        var skipped = new SkippedMessageKeys();
        var retired = new RetiredHeaderKeys();
        var error = RatchetStateCodec.TryDeserialize(withTrailingByte, state, skipped, retired);

        Assert.Equal(ProtocolError.TrailingBytes, error);
        Assert.False(state.KeyBufferForTest.AsSpan().ContainsAnyExcept((byte)0), "state keys were left behind");
        Assert.Equal(RatchetStateFlags.None, state.Flags);
        Assert.Equal(0u, state.ReceiveCount);
        Assert.Equal(0u, state.ReceiveSteps);
        Assert.Equal(0, skipped.Count);
        Assert.Equal(0, retired.Count);
    }

    [Fact]
    public void Entries_of_one_chain_share_one_header_key_array_and_the_parsers_spare_copies_are_zeroed()
    {
        var image = RatchetStateImage.Receiving(12);
        image.Skipped.Add(new(image.ReceiveHeaderKey!, 0, 1, RatchetStateImage.Key(12, 70)));
        image.Skipped.Add(new(image.ReceiveHeaderKey!, 1, 1, RatchetStateImage.Key(12, 71)));
        image.Skipped.Add(new(image.ReceiveHeaderKey!, 2, 1, RatchetStateImage.Key(12, 72)));

        var state = new RatchetState();
        var skipped = new SkippedMessageKeys();
        var retired = new RetiredHeaderKeys();
        Assert.Equal(ProtocolError.None, RatchetStateCodec.TryDeserialize(image.ToBytes(), state, skipped, retired));

        Assert.Equal(image.ReceiveHeaderKey, skipped[0].HeaderKey);
        Assert.Same(skipped[0].HeaderKey, skipped[0].OriginalHeaderKey);
        for (var i = 1; i < 3; i++)
        {
            Assert.Same(skipped[0].HeaderKey, skipped[i].HeaderKey);
            Assert.NotSame(skipped[i].HeaderKey, skipped[i].OriginalHeaderKey);
            Assert.False(skipped[i].OriginalHeaderKey.AsSpan().ContainsAnyExcept((byte)0), "a spare header-key copy was not zeroed");
        }
    }

    [Fact]
    public void A_state_one_byte_over_the_largest_is_out_of_range_before_anything_is_read()
    {
        var bytes = new byte[RatchetStateCodec.MaxStateSize + 1];
        RatchetStateImage.Receiving(13).ToBytes().CopyTo(bytes, 0);

        Assert.Equal(ProtocolError.LengthOutOfRange, RatchetSession.Deserialize(bytes).Error);
    }

    [Fact]
    public void More_than_two_thousand_skipped_keys_or_twenty_retired_keys_are_refused()
    {
        var tooManySkipped = RatchetStateImage.Receiving(14);
        tooManySkipped.SkippedCountOverride = RatchetLimits.MaxSkippedTotal + 1;
        AssertRefused(tooManySkipped, ProtocolError.InvalidRatchetState);

        var tooManyRetired = RatchetStateImage.Receiving(15);
        tooManyRetired.RetiredCountOverride = RetiredHeaderKeys.MaxCount + 1;
        AssertRefused(tooManyRetired, ProtocolError.InvalidRatchetState);
    }

    [Fact]
    public void A_skipped_key_from_a_later_step_is_refused_even_when_the_step_difference_wraps_small()
    {
        var image = ReceivingWithOneSkippedKey(16, receiveSteps: 5, skippedStep: uint.MaxValue, keyIndex: 80);
        AssertRefused(image, ProtocolError.InvalidRatchetState);

        var oneLater = ReceivingWithOneSkippedKey(16, receiveSteps: 5, skippedStep: 6, keyIndex: 80);
        AssertRefused(oneLater, ProtocolError.InvalidRatchetState);

        var sameStep = ReceivingWithOneSkippedKey(16, receiveSteps: 5, skippedStep: 5, keyIndex: 80);
        AssertAccepted(sameStep);
    }

    [Fact]
    public void A_skipped_key_older_than_twenty_steps_is_refused_and_one_exactly_twenty_old_is_kept()
    {
        var tooOld = ReceivingWithOneSkippedKey(17, receiveSteps: 25, skippedStep: 4, keyIndex: 80);
        AssertRefused(tooOld, ProtocolError.InvalidRatchetState);

        var oldest = ReceivingWithOneSkippedKey(17, receiveSteps: 25, skippedStep: 5, keyIndex: 80);
        AssertAccepted(oldest);
    }

    [Fact]
    public void A_retired_key_of_the_current_step_or_a_later_one_is_refused()
    {
        foreach (var step in new[] { 5u, 6u, uint.MaxValue })
        {
            var image = RatchetStateImage.Receiving(18);
            image.ReceiveSteps = 5;
            image.Retired.Add(new(RatchetStateImage.Key(18, 90), step));
            AssertRefused(image, ProtocolError.InvalidRatchetState);
        }

        var previous = RatchetStateImage.Receiving(18);
        previous.ReceiveSteps = 5;
        previous.Retired.Add(new(RatchetStateImage.Key(18, 90), 4));
        AssertAccepted(previous);
    }

    [Fact]
    public void A_retired_key_older_than_twenty_steps_is_refused_and_one_exactly_twenty_old_is_kept()
    {
        var tooOld = RatchetStateImage.Receiving(19);
        tooOld.ReceiveSteps = 30;
        tooOld.Retired.Add(new(RatchetStateImage.Key(19, 90), 9));
        AssertRefused(tooOld, ProtocolError.InvalidRatchetState);

        var oldest = RatchetStateImage.Receiving(19);
        oldest.ReceiveSteps = 30;
        oldest.Retired.Add(new(RatchetStateImage.Key(19, 90), 10));
        AssertAccepted(oldest);
    }

    [Fact]
    public void A_skipped_key_whose_header_key_is_neither_the_current_nor_a_retired_one_is_refused()
    {
        var strayKey = RatchetStateImage.Key(20, 99);

        var unreachable = RatchetStateImage.Receiving(20);
        unreachable.Skipped.Add(new(strayKey, 0, 1, RatchetStateImage.Key(20, 98)));
        AssertRefused(unreachable, ProtocolError.InvalidRatchetState);

        var besideOthers = RatchetStateImage.Receiving(20);
        besideOthers.ReceiveSteps = 3;
        besideOthers.Retired.Add(new(RatchetStateImage.Key(20, 97), 2));
        besideOthers.Skipped.Add(new(besideOthers.ReceiveHeaderKey!, 0, 3, RatchetStateImage.Key(20, 96)));
        besideOthers.Skipped.Add(new(strayKey, 0, 3, RatchetStateImage.Key(20, 98)));
        AssertRefused(besideOthers, ProtocolError.InvalidRatchetState);

        var retiredTwin = RatchetStateImage.Receiving(20);
        retiredTwin.ReceiveSteps = 3;
        retiredTwin.Retired.Add(new(strayKey, 2));
        retiredTwin.Skipped.Add(new(retiredTwin.ReceiveHeaderKey!, 0, 3, RatchetStateImage.Key(20, 96)));
        retiredTwin.Skipped.Add(new(strayKey, 0, 3, RatchetStateImage.Key(20, 98)));
        AssertAccepted(retiredTwin);
    }

    [Fact]
    public void Without_a_current_header_key_a_skipped_key_under_zero_bytes_is_refused()
    {
        var image = RatchetStateImage.FreshResponder(21);
        image.ReceiveSteps = 1;
        image.Skipped.Add(new(new byte[32], 0, 1, RatchetStateImage.Key(21, 98)));

        AssertRefused(image, ProtocolError.InvalidRatchetState);
    }

    [Fact]
    public void A_sending_chain_without_its_header_key_or_the_remote_ratchet_key_is_refused()
    {
        var withoutHeaderKey = Flagged(22, Remote | SendChain);
        AssertRefused(withoutHeaderKey, ProtocolError.InvalidRatchetState);
        AssertAccepted(Flagged(22, Remote | SendChain | SendHeader));

        var withoutRemote = Flagged(23, SendChain | SendHeader);
        AssertRefused(withoutRemote, ProtocolError.InvalidRatchetState);
    }

    [Fact]
    public void A_receiving_chain_without_its_header_key_or_the_remote_ratchet_key_is_refused()
    {
        AssertRefused(Flagged(24, Remote | ReceiveChain), ProtocolError.InvalidRatchetState);
        AssertRefused(Flagged(25, ReceiveChain | ReceiveHeader), ProtocolError.InvalidRatchetState);
        AssertAccepted(Flagged(25, Remote | ReceiveChain | ReceiveHeader));
    }

    [Fact]
    public void A_pending_send_ratchet_with_a_sending_chain_or_without_a_receiving_chain_is_refused()
    {
        AssertRefused(Flagged(26, Remote | SendChain | ReceiveChain | SendHeader | ReceiveHeader | Pending),
            ProtocolError.InvalidRatchetState);
        AssertRefused(Flagged(27, Pending), ProtocolError.InvalidRatchetState);
        AssertRefused(Flagged(28, Remote | SendHeader | ReceiveHeader | Pending), ProtocolError.InvalidRatchetState);
        AssertAccepted(Flagged(28, Remote | ReceiveChain | SendHeader | ReceiveHeader | Pending));
        AssertAccepted(Flagged(29, Remote | SendChain | ReceiveChain | SendHeader | ReceiveHeader));
    }

    [Fact]
    public void Each_absent_key_that_is_not_all_zero_is_refused_on_its_own()
    {
        var absentKeys = new Action<RatchetStateImage, byte[]>[]
        {
            (image, key) => image.RemoteRatchetKey = key,
            (image, key) => image.SendChainKey = key,
            (image, key) => image.ReceiveChainKey = key,
            (image, key) => image.SendHeaderKey = key,
            (image, key) => image.ReceiveHeaderKey = key,
        };
        for (var i = 0; i < absentKeys.Length; i++)
        {
            var image = RatchetStateImage.FreshResponder(30 + i);
            var oneNonZeroByte = new byte[32];
            oneNonZeroByte[31 - i] = 0x01;
            absentKeys[i](image, oneNonZeroByte);

            AssertRefused(image, ProtocolError.InvalidRatchetState);
        }
    }

    private static RatchetStateImage Sending(int seed)
    {
        var image = RatchetStateImage.Receiving(seed);
        image.Flags = Remote | SendChain | ReceiveChain | SendHeader | ReceiveHeader;
        image.SendChainKey = RatchetStateImage.Key(seed, 4);
        return image;
    }

    /// <summary>A state with exactly the given flags, every present key set and every absent one zero.</summary>
    private static RatchetStateImage Flagged(int seed, int flags)
    {
        var image = RatchetStateImage.FreshResponder(seed);
        image.Flags = (byte)flags;
        image.RemoteRatchetKey = (flags & Remote) != 0 ? RatchetStateImage.Key(seed, 2) : null;
        image.SendChainKey = (flags & SendChain) != 0 ? RatchetStateImage.Key(seed, 4) : null;
        image.ReceiveChainKey = (flags & ReceiveChain) != 0 ? RatchetStateImage.Key(seed, 5) : null;
        image.SendHeaderKey = (flags & SendHeader) != 0 ? RatchetStateImage.Key(seed, 6) : null;
        image.ReceiveHeaderKey = (flags & ReceiveHeader) != 0 ? RatchetStateImage.Key(seed, 7) : null;
        return image;
    }

    private static void AssertAccepted(RatchetStateImage image)
    {
        var bytes = image.ToBytes();
        var result = RatchetSession.Deserialize(bytes);
        Assert.True(result.IsOk, $"refused: {(result.IsOk ? ProtocolError.None : result.Error)}");
        using var session = result.Value;
        Assert.Equal(bytes, session.Serialize());
    }

    /// <summary>A receiving state at <paramref name="receiveSteps"/> with one skipped key (message 0) under the current header key.</summary>
    private static RatchetStateImage ReceivingWithOneSkippedKey(int chain, uint receiveSteps, uint skippedStep, int keyIndex)
    {
        var image = RatchetStateImage.Receiving(chain);
        image.ReceiveSteps = receiveSteps;
        image.Skipped.Add(new(image.ReceiveHeaderKey!, 0, skippedStep, RatchetStateImage.Key(chain, keyIndex)));
        return image;
    }

    private static void AssertRefused(RatchetStateImage image, ProtocolError expected)
    {
        var state = new RatchetState();
        var skipped = new SkippedMessageKeys();
        var retired = new RetiredHeaderKeys();

        Assert.Equal(expected, RatchetStateCodec.TryDeserialize(image.ToBytes(), state, skipped, retired));
        Assert.False(state.KeyBufferForTest.AsSpan().ContainsAnyExcept((byte)0));
        Assert.Equal(0, skipped.Count);
        Assert.Equal(0, retired.Count);
        Assert.Equal(expected, RatchetSession.Deserialize(image.ToBytes()).Error);
    }
}
