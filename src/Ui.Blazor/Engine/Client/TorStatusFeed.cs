using Akka.Actor;
using Pvtcoms.Actors.Tor.Supervision;

namespace Pvtcoms.Ui.Blazor.Engine.Client;

/// <summary>
/// Follows the profile's tor for the status bar: subscribes to the <see cref="TorStatus"/> the supervisor publishes on its
/// actor system's EventStream at every change, asks the supervisor once for the status it has now (a change published
/// before the subscription would otherwise be missed), keeps the latest as a <see cref="TorState"/> and bootstrap percent,
/// and calls <c>changed</c> when either moves. Only the phase and the percent are read (tor's status carries no address
/// and no key). A failed ask keeps the last value: the supervisor publishes again at its next change. Disposing stops
/// following.
/// </summary>
internal sealed class TorStatusFeed : IDisposable
{
    private readonly Action _changed;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private (TorState State, int Percent) _current = (TorState.Starting, 0);
    private bool _published;
    private ActorSystem? _system;
    private IActorRef? _listener;

    private TorStatusFeed(Action changed)
    {
        _changed = changed;
    }

    public (TorState State, int Percent) Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>
    /// Subscribes to <paramref name="system"/>'s EventStream (before it returns: no later change is missed), then asks
    /// <paramref name="current"/> once. <paramref name="changed"/> runs on an actor-system or thread-pool thread.
    /// </summary>
    public static TorStatusFeed Start(ActorSystem system, Func<CancellationToken, Task<TorStatus>> current, Action changed)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(changed);
        var feed = new TorStatusFeed(changed);
        var listener = system.ActorOf(Props.Create(() => new TorStatusListener(feed)));
        system.EventStream.Subscribe(listener, typeof(TorStatus));
        feed._system = system;
        feed._listener = listener;
        _ = Task.Run(() => feed.AskOnceAsync(current));
        return feed;
    }

    /// <summary>What the status bar shows for a supervisor phase; a restarting tor is "starting" again.</summary>
    public static (TorState State, int Percent) Map(TorStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.Phase switch
        {
            TorPhase.Ready => (TorState.Ready, 100),
            TorPhase.Bootstrapping => (TorState.Bootstrapping, Math.Clamp(status.BootstrapPercent, 0, 99)),
            TorPhase.Stopped => (TorState.Failed, 0),
            _ => (TorState.Starting, 0),
        };
    }

    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        if (_system is { } system && _listener is { } listener)
        {
            system.EventStream.Unsubscribe(listener);
            system.Stop(listener);
        }
    }

    /// <summary>
    /// The answer counts only while nothing was published since the subscription: every change is published, so a
    /// published status is at least as new as any answer that arrives after it.
    /// </summary>
    private async Task AskOnceAsync(Func<CancellationToken, Task<TorStatus>> current)
    {
        try
        {
            var status = await current(_stop.Token).ConfigureAwait(false);
            Apply(status, published: false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or AskTimeoutException)
        {
            // No answer (tor restarting, or the feed stopping): keep the last value until the next published change.
        }
    }

    private void Apply(TorStatus status, bool published)
    {
        var next = Map(status);
        bool moved;
        lock (_gate)
        {
            if (_stop.IsCancellationRequested || (!published && _published))
            {
                return;
            }

            _published |= published;
            moved = next != _current;
            _current = next;
        }

        if (moved)
        {
            _changed();
        }
    }

    public override string ToString() => $"TorStatusFeed({Current.State})";

    /// <summary>Hands each published status to its feed.</summary>
    private sealed class TorStatusListener : ReceiveActor
    {
        public TorStatusListener(TorStatusFeed feed)
        {
            Receive<TorStatus>(status => feed.Apply(status, published: true));
        }
    }
}
