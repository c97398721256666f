using System.Collections.Immutable;
using Pvtcoms.Actors.Tor.Supervision;
using Pvtcoms.Ui.Blazor.Engine;
using Pvtcoms.Ui.Blazor.Engine.Client;
using Pvtcoms.Ui.Tests.RealEngine;

namespace Pvtcoms.Ui.Tests.Engine;

/// <summary>The status bar follows the profile's tor: phases and bootstrap percent as the supervisor reports them.</summary>
public sealed class TorStatusFeedTests
{
    [Theory]
    [InlineData(TorPhase.Starting, 0, TorState.Starting, 0)]
    [InlineData(TorPhase.Bootstrapping, 45, TorState.Bootstrapping, 45)]
    [InlineData(TorPhase.Bootstrapping, 100, TorState.Bootstrapping, 99)]
    [InlineData(TorPhase.Ready, 100, TorState.Ready, 100)]
    [InlineData(TorPhase.Restarting, 80, TorState.Starting, 0)]
    [InlineData(TorPhase.Stopped, 0, TorState.Failed, 0)]
    public void Each_supervisor_phase_is_shown_as_its_status_bar_state(TorPhase phase, int percent, TorState shown, int shownPercent)
    {
        Assert.Equal((shown, shownPercent), TorStatusFeed.Map(Status(phase, percent)));
    }

    [Fact]
    public async Task The_feed_follows_bootstrap_to_ready_and_announces_each_change_once()
    {
        var script = new Queue<TorStatus>([
            Status(TorPhase.Bootstrapping, 10), Status(TorPhase.Bootstrapping, 10), Status(TorPhase.Bootstrapping, 75),
            Status(TorPhase.Ready, 100)]);
        var last = Status(TorPhase.Ready, 100);
        var changes = 0;
        using var feed = TorStatusFeed.Start(
            _ =>
            {
                lock (script)
                {
                    return Task.FromResult(script.Count > 0 ? script.Dequeue() : last);
                }
            },
            () => Interlocked.Increment(ref changes),
            TimeSpan.FromMilliseconds(10));

        await Eventually.HoldsAsync(() => Task.FromResult(feed.Current == (TorState.Ready, 100)), "the feed reaches ready");
        await Task.Delay(100);

        // Starting → 10 % → 75 % → ready: three moves; the repeated 10 % and the repeated ready are not changes.
        Assert.Equal(3, Volatile.Read(ref changes));
    }

    [Fact]
    public async Task A_failed_ask_keeps_the_last_state_and_a_disposed_feed_stops_asking()
    {
        var asks = 0;
        var feed = TorStatusFeed.Start(
            _ => Interlocked.Increment(ref asks) == 1
                ? Task.FromResult(Status(TorPhase.Bootstrapping, 30))
                : Task.FromException<TorStatus>(new TimeoutException()),
            () => { },
            TimeSpan.FromMilliseconds(10));

        await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref asks) >= 3), "the feed asks again after a failure");
        Assert.Equal((TorState.Bootstrapping, 30), feed.Current);

        feed.Dispose();
        await Task.Delay(50);
        var afterStop = Volatile.Read(ref asks);
        await Task.Delay(150);
        Assert.Equal(afterStop, Volatile.Read(ref asks));
    }

    private static TorStatus Status(TorPhase phase, int percent) =>
        new(phase, percent, "summary", null, 0, null, ImmutableSortedSet<string>.Empty);
}
