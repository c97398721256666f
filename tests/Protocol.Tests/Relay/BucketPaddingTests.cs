using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Relay;

public sealed class BucketPaddingTests
{
    private static readonly int[] s_overheads = [0, 16, 40, 1020, 1100, RelayLimits.MaxSealOverhead];

    [Property(MaxTest = 300)]
    public Property Padding_round_trips_for_payload_sizes_across_the_whole_range()
    {
        var sizes = Gen.Choose(0, BucketPadding.MaxPayloadSize()).ToArbitrary();
        return Prop.ForAll(sizes, size =>
        {
            var payload = RandomBytes(size, size);
            var padded = BucketPadding.Pad(payload);
            var unpadded = BucketPadding.TryUnpad(padded);
            return RelayLimits.IsBucketSize(padded.Length) && unpadded.IsOk && unpadded.Value.AsSpan().SequenceEqual(payload);
        });
    }

    [Fact]
    public void Padding_round_trips_for_every_size_up_to_the_second_bucket_and_around_every_boundary()
    {
        var sizes = Enumerable.Range(0, RelayLimits.Bucket4KiB + 8).ToList();
        foreach (var bucket in RelayLimits.BucketSizes.ToArray())
        {
            for (var delta = -6; delta <= 2; delta++)
            {
                var size = bucket - BucketPadding.LengthPrefixSize + delta;
                if (size >= 0 && size <= BucketPadding.MaxPayloadSize())
                {
                    sizes.Add(size);
                }
            }
        }

        foreach (var size in sizes)
        {
            var payload = RandomBytes(size, 7);
            var padded = BucketPadding.Pad(payload);
            Assert.True(RelayLimits.IsBucketSize(padded.Length), $"size {size} padded to {padded.Length}");
            Assert.Equal(SmallestBucketHolding(size + BucketPadding.LengthPrefixSize), padded.Length);
            var unpadded = BucketPadding.TryUnpad(padded);
            Assert.True(unpadded.IsOk, $"size {size}: {unpadded}");
            Assert.Equal(payload, unpadded.Value);
        }
    }

    [Fact]
    public void Padded_layout_is_big_endian_length_then_payload_then_zeros()
    {
        var payload = new byte[] { 0xAA, 0xBB, 0xCC };
        var padded = BucketPadding.Pad(payload);
        Assert.Equal(RelayLimits.Bucket1KiB, padded.Length);
        Assert.Equal(new byte[] { 0, 0, 0, 3, 0xAA, 0xBB, 0xCC }, padded[..7]);
        Assert.All(padded[7..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Seal_overhead_makes_padded_length_plus_overhead_a_bucket()
    {
        foreach (var overhead in s_overheads)
        {
            foreach (var size in new[] { 0, 1, 500, 1000, 5000, BucketPadding.MaxPayloadSize(overhead) })
            {
                var payload = RandomBytes(size, overhead);
                var padded = BucketPadding.Pad(payload, overhead);
                Assert.True(RelayLimits.IsBucketSize(padded.Length + overhead));
                Assert.Equal(payload, BucketPadding.TryUnpad(padded, overhead).Value);
                Assert.Equal(ProtocolError.NotABucketSize, BucketPadding.TryUnpad(padded, overhead == 0 ? 1 : 0).Error);
            }
        }
    }

    [Fact]
    public void Too_large_payload_is_a_caller_bug()
    {
        Assert.Throws<ArgumentException>(() => BucketPadding.Pad(new byte[BucketPadding.MaxPayloadSize() + 1]));
        Assert.Throws<ArgumentException>(() => BucketPadding.Pad(new byte[BucketPadding.MaxPayloadSize(100) + 1], 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => BucketPadding.Pad([], RelayLimits.MaxSealOverhead + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BucketPadding.Pad([], -1));
    }

    [Fact]
    public void Blob_whose_length_is_not_a_bucket_is_refused()
    {
        foreach (var length in new[] { 0, 3, 4, 1023, 1025, 4095, 262143, 262145 })
        {
            Assert.Equal(ProtocolError.NotABucketSize, BucketPadding.TryUnpad(new byte[length]).Error);
        }
    }

    [Fact]
    public void Length_field_larger_than_the_blob_is_refused()
    {
        var padded = new byte[RelayLimits.Bucket1KiB];
        BinaryPrimitives.WriteUInt32BigEndian(padded, RelayLimits.Bucket1KiB - 3);
        Assert.Equal(ProtocolError.PaddedLengthOutOfRange, BucketPadding.TryUnpad(padded).Error);
        BinaryPrimitives.WriteUInt32BigEndian(padded, uint.MaxValue);
        Assert.Equal(ProtocolError.PaddedLengthOutOfRange, BucketPadding.TryUnpad(padded).Error);
        BinaryPrimitives.WriteUInt32BigEndian(padded, RelayLimits.Bucket1KiB - 4);
        Assert.True(BucketPadding.TryUnpad(padded).IsOk);
    }

    [Fact]
    public void Any_non_zero_padding_byte_is_refused()
    {
        var payload = RandomBytes(100, 3);
        var padded = BucketPadding.Pad(payload);
        for (var i = 4 + payload.Length; i < padded.Length; i++)
        {
            var tampered = (byte[])padded.Clone();
            tampered[i] = (byte)(1 << (i % 8));
            Assert.Equal(ProtocolError.NonZeroPadding, BucketPadding.TryUnpad(tampered).Error);
        }
    }

    [Fact]
    public void Changing_a_payload_byte_keeps_the_padding_valid()
    {
        var padded = BucketPadding.Pad(new byte[10]);
        padded[4 + 9] = 0xFF;
        var result = BucketPadding.TryUnpad(padded);
        Assert.True(result.IsOk);
        Assert.Equal(0xFF, result.Value[9]);
    }

    [Property(MaxTest = 2000)]
    public bool Unpadding_random_bytes_never_throws(byte[] noise, int bucketIndex, bool smallLength)
    {
        var buckets = RelayLimits.BucketSizes;
        var length = smallLength ? noise.Length : buckets[(bucketIndex & int.MaxValue) % 2];
        var blob = new byte[length];
        noise.AsSpan(0, Math.Min(noise.Length, length)).CopyTo(blob);
        if (!smallLength && noise.Length >= 4)
        {
            // A plausible length field so the padding check is reached, with noise left in the tail.
            BinaryPrimitives.WriteUInt32BigEndian(blob, (uint)(noise[0] % length));
        }

        var result = BucketPadding.TryUnpad(blob);
        return result.IsOk ? result.Value.Length <= length - 4 : result.Error != ProtocolError.None;
    }

    [Fact]
    public void Bucket_sizes_are_exactly_the_fixed_set()
    {
        Assert.Equal([1024, 4096, 16384, 65536, 262144], RelayLimits.BucketSizes.ToArray());
        foreach (var bucket in RelayLimits.BucketSizes)
        {
            Assert.True(BucketPadding.IsBucketSize(bucket));
            Assert.False(BucketPadding.IsBucketSize(bucket - 1));
            Assert.False(BucketPadding.IsBucketSize(bucket + 1));
        }

        Assert.False(BucketPadding.IsBucketSize(0));
        Assert.False(BucketPadding.IsBucketSize(-1024));
        Assert.False(BucketPadding.IsBucketSize(512 * 1024));
    }

    private static int SmallestBucketHolding(int length)
    {
        foreach (var bucket in RelayLimits.BucketSizes)
        {
            if (length <= bucket)
            {
                return bucket;
            }
        }

        throw new InvalidOperationException("Too large.");
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new DeterministicEntropy(seed).Fill(bytes);
        return bytes;
    }
}
