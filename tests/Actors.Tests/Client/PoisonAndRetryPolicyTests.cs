using Pvtcoms.Actors.Client;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Actors.Tests.Client;

public sealed class PoisonAndRetryPolicyTests
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_blob_is_poison_only_after_enough_failed_polls_and_enough_time()
    {
        var tracker = new PoisonBlobTracker(3, TimeSpan.FromMinutes(10));
        Assert.Empty(tracker.Record(["a"], s_start));
        Assert.Empty(tracker.Record(["a"], s_start.AddMinutes(1)));
        Assert.Empty(tracker.Record(["a"], s_start.AddMinutes(2)));
        Assert.Equal(["a"], tracker.Record(["a"], s_start.AddMinutes(11)));
        Assert.Equal(0, tracker.Tracked);
    }

    [Fact]
    public void A_blob_that_is_gone_is_forgotten_and_counts_from_zero_if_it_comes_back()
    {
        var tracker = new PoisonBlobTracker(2, TimeSpan.Zero);
        Assert.Empty(tracker.Record(["a"], s_start));
        Assert.Empty(tracker.Record(["b"], s_start));
        Assert.Empty(tracker.Record(["a"], s_start));
        Assert.Equal(["a"], tracker.Record(["a"], s_start));
    }

    [Fact]
    public void Backoff_doubles_up_to_the_cap_and_stays_within_its_jitter_band()
    {
        var policy = new RetryPolicy(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60));
        for (var attempts = 1; attempts <= 12; attempts++)
        {
            var nominal = Math.Min(60, 2 * Math.Pow(2, attempts - 1));
            for (var i = 0; i < 50; i++)
            {
                var delay = policy.DelayAfter(attempts, SystemEntropy.Instance).TotalSeconds;
                Assert.InRange(delay, nominal * 0.5, nominal * 1.5);
            }
        }
    }

    [Fact]
    public void Backoff_is_jittered()
    {
        var delays = Enumerable.Range(0, 20).Select(_ => RetryPolicy.Default.DelayAfter(3, SystemEntropy.Instance)).Distinct().Count();
        Assert.True(delays > 1);
    }
}
