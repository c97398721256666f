using Pvtcoms.Protocol.Relay;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Relay;

public sealed class CoverTrafficTests
{
    [Fact]
    public void Cover_blob_is_random_bytes_of_exactly_the_bucket_size()
    {
        var entropy = new DeterministicEntropy(1);
        foreach (var bucket in RelayLimits.BucketSizes.ToArray())
        {
            var blob = CoverBlob.Create(entropy, bucket);
            Assert.Equal(bucket, blob.Length);
            var ones = blob.Sum(b => (long)System.Numerics.BitOperations.PopCount(b));
            Assert.InRange(ones / (bucket * 8.0), 0.45, 0.55);
        }

        Assert.NotEqual(CoverBlob.Create(entropy, 1024), CoverBlob.Create(entropy, 1024));
    }

    [Fact]
    public void Cover_blob_is_accepted_by_a_deposit_like_a_real_blob()
    {
        var blob = CoverBlob.Create(new DeterministicEntropy(2), RelayLimits.Bucket4KiB);
        var request = new DepositRequest(new byte[32], 1, 2, blob);
        Assert.True(DepositRequest.Parse(request.Serialize()).IsOk);
    }

    [Fact]
    public void Cover_blob_of_a_non_bucket_size_is_a_caller_bug()
    {
        Assert.Throws<ArgumentException>(() => CoverBlob.Create(new DeterministicEntropy(3), 1000));
    }

    [Fact]
    public void Poll_delay_stays_within_the_jitter_bounds()
    {
        var entropy = new DeterministicEntropy(4);
        var baseInterval = TimeSpan.FromSeconds(30);
        foreach (var jitter in new[] { 0.0, 0.1, 0.5, 1.0 })
        {
            var low = TimeSpan.FromTicks((long)(baseInterval.Ticks * (1 - jitter)));
            var high = TimeSpan.FromTicks((long)(baseInterval.Ticks * (1 + jitter)));
            for (var i = 0; i < 5000; i++)
            {
                Assert.InRange(PollSchedule.NextDelay(baseInterval, jitter, entropy), low, high);
            }
        }

        Assert.Equal(baseInterval, PollSchedule.NextDelay(baseInterval, 0, entropy));
    }

    [Fact]
    public void Poll_delay_is_roughly_uniform()
    {
        var entropy = new DeterministicEntropy(5);
        var baseInterval = TimeSpan.FromMinutes(1);
        const double jitter = 0.5;
        const int bins = 20;
        const int draws = 40_000;
        var counts = new int[bins];
        var low = baseInterval.Ticks * (1 - jitter);
        var width = baseInterval.Ticks * 2 * jitter;
        for (var i = 0; i < draws; i++)
        {
            var delay = PollSchedule.NextDelay(baseInterval, jitter, entropy).Ticks;
            var bin = (int)Math.Min(bins - 1, (delay - low) / width * bins);
            counts[bin]++;
        }

        // Chi-square with 19 degrees of freedom: mean 19, the 99.99th percentile is about 50.
        const double expected = (double)draws / bins;
        var chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.InRange(chiSquare, 0, 60);
    }

    [Fact]
    public void Uniform_draw_over_a_small_range_hits_every_value_evenly()
    {
        var entropy = new DeterministicEntropy(6);
        var counts = new int[6];
        for (var i = 0; i < 60_000; i++)
        {
            counts[PollSchedule.UniformInclusive(5, entropy)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_400, 10_600));
    }

    [Fact]
    public void Bad_poll_parameters_are_caller_bugs()
    {
        var entropy = new DeterministicEntropy(7);
        Assert.Throws<ArgumentOutOfRangeException>(() => PollSchedule.NextDelay(TimeSpan.Zero, 0.1, entropy));
        Assert.Throws<ArgumentOutOfRangeException>(() => PollSchedule.NextDelay(TimeSpan.FromSeconds(1), -0.1, entropy));
        Assert.Throws<ArgumentOutOfRangeException>(() => PollSchedule.NextDelay(TimeSpan.FromSeconds(1), 1.1, entropy));
        Assert.Throws<ArgumentOutOfRangeException>(() => PollSchedule.NextDelay(TimeSpan.FromSeconds(1), double.NaN, entropy));
        Assert.Throws<ArgumentOutOfRangeException>(() => PollSchedule.NextDelay(TimeSpan.MaxValue, 0.1, entropy));
    }
}
