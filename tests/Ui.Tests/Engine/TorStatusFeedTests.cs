using System.Collections.Immutable;
using Akka.Actor;
using Pvtcoms.Actors.Tor.Supervision;
using Pvtcoms.Ui.Blazor.Engine;
using Pvtcoms.Ui.Blazor.Engine.Client;
using Pvtcoms.Ui.Tests.RealEngine;

namespace Pvtcoms.Ui.Tests.Engine;

/// <summary>
/// The status bar follows the profile's tor: phases and bootstrap percent as the supervisor publishes them on its actor
/// system's EventStream, after one question for the status it has now.
/// </summary>
public sealed class TorStatusFeedTests : IAsyncLifetime
{
    private readonly ActorSystem _system = ActorSystem.Create("tor-status-feed", "akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _system.Terminate();

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
    public async Task A_published_change_reaches_the_feed_without_another_question()
    {
        // The question is never answered: what the feed shows can only have come from the EventStream.
        var asks = 0;
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var unanswered = new TaskCompletionSource<TorStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        var changes = 0;
        using var feed = TorStatusFeed.Start(
            _system,
            _ =>
            {
                Interlocked.Increment(ref asks);
                asked.TrySetResult();
                return unanswered.Task;
            },
            () => Interlocked.Increment(ref changes));
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(20));

        _system.EventStream.Publish(Status(TorPhase.Bootstrapping, 60));

        // The feed sets Current, then calls `changed` outside its lock: wait for the notification as well.
        await Eventually.HoldsAsync(
            () => Task.FromResult(feed.Current == (TorState.Bootstrapping, 60) && Volatile.Read(ref changes) >= 1),
            "the published status is shown and notified");
        await Task.Delay(100);
        Assert.Equal(1, Volatile.Read(ref asks));
        Assert.Equal(1, Volatile.Read(ref changes));
    }

    [Fact]
    public async Task The_current_status_is_asked_for_once_at_the_start()
    {
        var asks = 0;
        using var feed = TorStatusFeed.Start(
            _system,
            _ =>
            {
                Interlocked.Increment(ref asks);
                return Task.FromResult(Status(TorPhase.Bootstrapping, 30));
            },
            () => { });

        await Eventually.HoldsAsync(() => Task.FromResult(feed.Current == (TorState.Bootstrapping, 30)), "the answer is shown");
        Assert.Equal(1, Volatile.Read(ref asks));
    }

    [Fact]
    public async Task The_feed_follows_bootstrap_to_ready_and_announces_each_change_once()
    {
        var changes = 0;
        using var feed = TorStatusFeed.Start(
            _system, _ => Task.FromResult(Status(TorPhase.Bootstrapping, 10)), () => Interlocked.Increment(ref changes));

        foreach (var status in new[]
                 {
                     Status(TorPhase.Bootstrapping, 10), Status(TorPhase.Bootstrapping, 10), Status(TorPhase.Bootstrapping, 75),
                     Status(TorPhase.Ready, 100), Status(TorPhase.Ready, 100),
                 })
        {
            _system.EventStream.Publish(status);
        }

        await Eventually.HoldsAsync(() => Task.FromResult(feed.Current == (TorState.Ready, 100)), "the feed reaches ready");
        await Task.Delay(100);

        // Starting → 10 % → 75 % → ready: three moves; the repeated 10 % and the repeated ready are not changes.
        Assert.Equal(3, Volatile.Read(ref changes));
    }

    [Fact]
    public async Task An_answer_arriving_after_a_published_change_does_not_overwrite_it()
    {
        var answer = new TaskCompletionSource<TorStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var feed = TorStatusFeed.Start(_system, _ => answer.Task, () => { });

        _system.EventStream.Publish(Status(TorPhase.Ready, 100));
        await Eventually.HoldsAsync(() => Task.FromResult(feed.Current == (TorState.Ready, 100)), "the published status is shown");
        answer.SetResult(Status(TorPhase.Bootstrapping, 40));
        await Task.Delay(100);

        Assert.Equal((TorState.Ready, 100), feed.Current);
    }

    [Fact]
    public async Task A_failed_question_keeps_the_last_state_and_a_disposed_feed_stops_following()
    {
        var changes = 0;
        var feed = TorStatusFeed.Start(
            _system, _ => Task.FromException<TorStatus>(new TimeoutException()), () => Interlocked.Increment(ref changes));

        _system.EventStream.Publish(Status(TorPhase.Bootstrapping, 30));
        await Eventually.HoldsAsync(() => Task.FromResult(feed.Current == (TorState.Bootstrapping, 30)), "the published status is shown");

        feed.Dispose();
        _system.EventStream.Publish(Status(TorPhase.Ready, 100));
        await Task.Delay(150);

        Assert.Equal((TorState.Bootstrapping, 30), feed.Current);
        Assert.Equal(1, Volatile.Read(ref changes));
    }

    private static TorStatus Status(TorPhase phase, int percent) =>
        new(phase, percent, "summary", null, 0, null, ImmutableSortedSet<string>.Empty);
}
