using System.Buffers.Binary;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// Bucket padding, cover blobs and the poll schedule: the caller-bug checks with their parameter names and
/// messages, the zero fill, the padding check, and the bounds of the jittered delay with a fixed entropy source.
/// </summary>
public sealed class RelayPaddingMutationTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(RelayLimits.MaxSealOverhead + 1)]
    public void Every_padding_operation_refuses_a_seal_overhead_out_of_range_with_its_message(int overhead)
    {
        var padded = new byte[RelayLimits.Bucket1KiB + 1];
        AssertOverheadRefused(() => BucketPadding.MaxPayloadSize(overhead));
        AssertOverheadRefused(() => BucketPadding.PaddedSize(10, overhead));
        AssertOverheadRefused(() => BucketPadding.TryLocatePayload(padded, overhead, out _));
        AssertOverheadRefused(() => BucketPadding.TryUnpad(new byte[RelayLimits.Bucket1KiB], overhead));
    }

    [Fact]
    public void The_largest_seal_overhead_is_accepted()
    {
        Assert.Equal(RelayLimits.LargestBucket - RelayLimits.MaxSealOverhead - 4, BucketPadding.MaxPayloadSize(RelayLimits.MaxSealOverhead));
    }

    [Fact]
    public void A_negative_payload_length_is_a_caller_bug()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => BucketPadding.PaddedSize(-1));
        Assert.Equal("payloadLength", e.ParamName);
    }

    [Theory]
    [InlineData(0, 262_140)]
    [InlineData(16, 262_124)]
    public void Too_large_payload_is_refused_with_the_largest_size_that_fits(int overhead, int largest)
    {
        Assert.Equal(largest, BucketPadding.MaxPayloadSize(overhead));
        Assert.Equal(RelayLimits.LargestBucket - overhead, BucketPadding.PaddedSize(largest, overhead));
        var e = Assert.Throws<ArgumentException>(() => BucketPadding.PaddedSize(largest + 1, overhead));
        Assert.Equal("payloadLength", e.ParamName);
        Assert.StartsWith($"Payload larger than the largest bucket allows ({largest} bytes with this overhead).", e.Message);
    }

    [Theory]
    [InlineData(RelayLimits.Bucket1KiB - 1)]
    [InlineData(RelayLimits.Bucket1KiB + 1)]
    [InlineData(RelayLimits.Bucket4KiB)]
    public void Padding_into_a_destination_of_the_wrong_length_is_a_caller_bug(int destinationLength)
    {
        var destination = new byte[destinationLength];
        var e = Assert.Throws<ArgumentException>(() => BucketPadding.Pad(new byte[10], destination));
        Assert.Equal("destination", e.ParamName);
        Assert.StartsWith("Destination must be exactly PaddedSize(payload.Length, sealOverhead) bytes.", e.Message);
        Assert.All(destination, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Padding_into_a_dirty_destination_leaves_zeros_after_the_payload()
    {
        var payload = new byte[] { 0xA1, 0xA2, 0xA3 };
        var destination = Enumerable.Repeat((byte)0xFF, RelayLimits.Bucket1KiB - 16).ToArray();
        BucketPadding.Pad(payload, destination, 16);
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32BigEndian(destination));
        Assert.Equal(payload, destination[4..7]);
        Assert.All(destination[7..], b => Assert.Equal(0, b));
        Assert.Equal(payload, BucketPadding.TryUnpad(destination, 16).Value);
    }

    [Fact]
    public void Two_equal_non_zero_padding_bytes_are_refused()
    {
        // A check that XORed the padding bytes together would let equal pairs cancel out.
        var padded = BucketPadding.Pad(new byte[] { 1, 2, 3 });
        padded[7] = 0x5A;
        padded[8] = 0x5A;
        Assert.Equal(ProtocolError.NonZeroPadding, BucketPadding.TryUnpad(padded).Error);
        padded[^1] = 0x5A;
        padded[^2] = 0x5A;
        padded[7] = 0;
        padded[8] = 0;
        Assert.Equal(ProtocolError.NonZeroPadding, BucketPadding.TryLocatePayload(padded, 0, out var length));
        Assert.Equal(0, length);
    }

    [Fact]
    public void Cover_blob_without_entropy_is_a_caller_bug()
    {
        var e = Assert.Throws<ArgumentNullException>(() => CoverBlob.Create(null!, RelayLimits.Bucket1KiB));
        Assert.Equal("entropy", e.ParamName);
    }

    [Fact]
    public void Cover_blob_of_a_non_bucket_size_says_why()
    {
        var e = Assert.Throws<ArgumentException>(() => CoverBlob.Create(new DeterministicEntropy(1), 1000));
        Assert.Equal("bucketSize", e.ParamName);
        Assert.StartsWith("Cover blobs must be exactly one of the bucket sizes.", e.Message);
    }

    [Fact]
    public void Poll_delay_without_entropy_is_a_caller_bug_even_without_jitter()
    {
        // With no jitter no random byte is drawn, so only the explicit check notices the missing source.
        var e = Assert.Throws<ArgumentNullException>(() => PollSchedule.NextDelay(TimeSpan.FromSeconds(1), 0.0, null!));
        Assert.Equal("entropy", e.ParamName);
    }

    [Fact]
    public void Bad_poll_parameters_say_what_is_accepted()
    {
        var entropy = new DeterministicEntropy(7);
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => PollSchedule.NextDelay(TimeSpan.Zero, 0.1, entropy));
        Assert.Equal("baseInterval", zero.ParamName);
        Assert.StartsWith("Base interval must be positive.", zero.Message);

        var jitter = Assert.Throws<ArgumentOutOfRangeException>(() => PollSchedule.NextDelay(TimeSpan.FromSeconds(1), 1.5, entropy));
        Assert.Equal("jitterFraction", jitter.ParamName);
        Assert.StartsWith("Jitter fraction must be in [0, 1].", jitter.Message);

        var large = Assert.Throws<ArgumentOutOfRangeException>(() =>
            PollSchedule.NextDelay(TimeSpan.FromTicks((TimeSpan.MaxValue.Ticks / 2) + 1), 0.0, entropy));
        Assert.Equal("baseInterval", large.ParamName);
        Assert.StartsWith("Base interval too large to jitter.", large.Message);
    }

    [Fact]
    public void The_largest_base_interval_that_can_be_jittered_is_accepted()
    {
        var largest = TimeSpan.FromTicks(TimeSpan.MaxValue.Ticks / 2);
        Assert.Equal(largest, PollSchedule.NextDelay(largest, 0.0, new DeterministicEntropy(8)));
        Assert.Equal(TimeSpan.Zero, PollSchedule.NextDelay(largest, 1.0, new RepeatingEntropy(0)));
        Assert.Equal(TimeSpan.FromTicks(2 * largest.Ticks), PollSchedule.NextDelay(largest, 1.0, new RepeatingEntropy((ulong)(2 * largest.Ticks))));
    }

    [Fact]
    public void A_fixed_entropy_source_pins_both_ends_of_the_jitter_window()
    {
        // Base 10 s, jitter 0.25: span = floor(100 000 000 × 0.25) = 25 000 000 ticks, window [7.5 s, 12.5 s].
        var baseInterval = TimeSpan.FromSeconds(10);
        Assert.Equal(TimeSpan.FromSeconds(7.5), PollSchedule.NextDelay(baseInterval, 0.25, new RepeatingEntropy(0)));
        Assert.Equal(TimeSpan.FromSeconds(12.5), PollSchedule.NextDelay(baseInterval, 0.25, new RepeatingEntropy(50_000_000)));
        Assert.Equal(TimeSpan.FromSeconds(10), PollSchedule.NextDelay(baseInterval, 0.25, new RepeatingEntropy(25_000_000)));

        // A draw above the window (after masking to 2^26 − 1) is rejected and the next draw is used.
        var rejectedThenLow = new SequenceEntropy((1UL << 26) - 1, 1);
        Assert.Equal(TimeSpan.FromTicks(75_000_001), PollSchedule.NextDelay(baseInterval, 0.25, rejectedThenLow));
    }

    private static void AssertOverheadRefused(Action action)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(action);
        Assert.Equal("sealOverhead", e.ParamName);
        Assert.StartsWith("Seal overhead must be 0..4096.", e.Message);
    }

    /// <summary>Every 8-byte draw is the same big-endian value.</summary>
    private sealed class RepeatingEntropy(ulong value) : IEntropy
    {
        public void Fill(Span<byte> destination)
        {
            Span<byte> word = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(word, value);
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = word[i % 8];
            }
        }
    }

    /// <summary>Hands out the given values one per 8-byte draw, then the last one again.</summary>
    private sealed class SequenceEntropy(params ulong[] values) : IEntropy
    {
        private int _next;

        public void Fill(Span<byte> destination)
        {
            Assert.Equal(8, destination.Length);
            BinaryPrimitives.WriteUInt64BigEndian(destination, values[Math.Min(_next++, values.Length - 1)]);
        }
    }
}
