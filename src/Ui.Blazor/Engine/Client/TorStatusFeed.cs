using Pvtcoms.Actors.Tor.Supervision;

namespace Pvtcoms.Ui.Blazor.Engine.Client;

/// <summary>
/// Follows the profile's tor for the status bar: asks <c>source</c> for tor's status every <c>interval</c>, keeps the
/// latest as a <see cref="TorState"/> and bootstrap percent, and calls <c>changed</c> when either moves. Only the phase
/// and the percent are read (tor's status carries no address and no key). A failed ask keeps the last value: the
/// supervisor restarts tor and reports again. Disposing stops the polling.
/// </summary>
internal sealed class TorStatusFeed : IDisposable
{
    private readonly Func<CancellationToken, Task<TorStatus>> _source;
    private readonly Action _changed;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private (TorState State, int Percent) _current = (TorState.Starting, 0);

    private TorStatusFeed(Func<CancellationToken, Task<TorStatus>> source, Action changed, TimeSpan interval)
    {
        _source = source;
        _changed = changed;
        _interval = interval;
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

    public static TorStatusFeed Start(Func<CancellationToken, Task<TorStatus>> source, Action changed, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(changed);
        var feed = new TorStatusFeed(source, changed, interval);
        _ = Task.Run(feed.PollAsync);
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
        if (!_stop.IsCancellationRequested)
        {
            _stop.Cancel();
        }
    }

    private async Task PollAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                var next = Map(await _source(token).ConfigureAwait(false));
                bool moved;
                lock (_gate)
                {
                    moved = next != _current;
                    _current = next;
                }

                if (moved && !token.IsCancellationRequested)
                {
                    _changed();
                }
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException or Akka.Actor.AskTimeoutException)
            {
                // No answer this time (tor restarting, or the feed stopping): keep the last value.
            }

            try
            {
                await Task.Delay(_interval, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override string ToString() => $"TorStatusFeed({Current.State})";
}
