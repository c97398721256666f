namespace Pvtcoms.Actors.Tor.Dialing;

/// <summary>
/// Notices when dials to one .onion host keep failing in ways that stale onion-client state inside tor explains
/// (an old descriptor whose introduction points belonged to a tor that has since restarted, a rendezvous circuit to
/// it that tor still attaches streams to) and then asks, rate-limited, for tor to forget that state
/// (<c>SIGNAL NEWNYM</c>, sent by the supervisor; ADR 0068). Pure bookkeeping with an injected clock: no tor, no I/O.
/// Thread-safe (the dialer is called from many requests at once). Holds host names in memory only; it never logs.
/// </summary>
public sealed class OnionReachability
{
    private readonly TimeProvider _clock;
    private readonly Action _forgetOnionState;
    private readonly OnionRecoveryPolicy _policy;
    private readonly Dictionary<string, HostStreak> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private DateTimeOffset? _lastRequest;
    private int _requests;

    /// <param name="clock">The time source (a fake one in tests).</param>
    /// <param name="forgetOnionState">Called when recovery is due; must be quick and must not throw (an actor Tell).</param>
    /// <param name="policy">Thresholds; <see cref="OnionRecoveryPolicy.Default"/> when null.</param>
    public OnionReachability(TimeProvider clock, Action forgetOnionState, OnionRecoveryPolicy? policy = null)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _forgetOnionState = forgetOnionState ?? throw new ArgumentNullException(nameof(forgetOnionState));
        _policy = policy ?? OnionRecoveryPolicy.Default;
        if (_policy.FailuresBeforeRecovery < 1 || _policy.MaximumTrackedHosts < 1 || _policy.MinimumInterval < TimeSpan.Zero)
        {
            throw new ArgumentException("A recovery policy needs at least one failure, one tracked host and a non-negative interval.", nameof(policy));
        }
    }

    /// <summary>How many times recovery was asked for (diagnostics and tests).</summary>
    public int RecoveriesRequested
    {
        get
        {
            lock (_lock)
            {
                return _requests;
            }
        }
    }

    /// <summary>
    /// Whether a failed dial through tor to an onion is the kind that forgetting stale onion state can cure: our own
    /// timeout; tor's F0 descriptor not found, F1 descriptor invalid, F2 introduction failed, F3 rendezvous failed,
    /// F7 introduction timed out; and the plain codes tor gives when a stream to an onion dies (general failure for a
    /// destroyed circuit, host unreachable when no HSDir could be asked, TTL expired for tor's own stream timeout).
    /// Not counted: F4/F5 (client authorization: configuration), F6 (a malformed address: permanent), connection
    /// refused (the service was reached; its target port is closed) and local SOCKS trouble.
    /// </summary>
    public static bool IndicatesStaleOnionState(DialResult.Failed failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.Reason switch
        {
            DialFailure.Timeout => true,
            DialFailure.SocksRefused => failure.ReplyCode is Socks5ReplyCode.OnionServiceDescriptorNotFound
                or Socks5ReplyCode.OnionServiceDescriptorInvalid
                or Socks5ReplyCode.OnionServiceIntroductionFailed
                or Socks5ReplyCode.OnionServiceRendezvousFailed
                or Socks5ReplyCode.OnionServiceIntroductionTimedOut
                or Socks5ReplyCode.GeneralFailure
                or Socks5ReplyCode.HostUnreachable
                or Socks5ReplyCode.TtlExpired,
            _ => false,
        };
    }

    /// <summary>The onion was reached: its streak and backoff are forgotten.</summary>
    public void RecordSuccess(string onionHost)
    {
        ArgumentNullException.ThrowIfNull(onionHost);
        lock (_lock)
        {
            _hosts.Remove(onionHost);
        }
    }

    /// <summary>
    /// Counts a failed dial to <paramref name="onionHost"/> (one that <see cref="IndicatesStaleOnionState"/>; others are
    /// ignored). Returns true when this failure made it ask for recovery: at least
    /// <see cref="OnionRecoveryPolicy.FailuresBeforeRecovery"/> consecutive failures spanning
    /// <see cref="OnionRecoveryPolicy.MinimumFailureSpan"/>, the host's backoff over, and no request in the last
    /// <see cref="OnionRecoveryPolicy.MinimumInterval"/>. The streak then starts again from zero.
    /// </summary>
    public bool RecordFailure(string onionHost, DialResult.Failed failure)
    {
        ArgumentNullException.ThrowIfNull(onionHost);
        if (!IndicatesStaleOnionState(failure))
        {
            return false;
        }

        var now = _clock.GetUtcNow();
        lock (_lock)
        {
            if (!_hosts.TryGetValue(onionHost, out var streak))
            {
                MakeRoom();
                streak = new HostStreak();
                _hosts[onionHost] = streak;
            }

            if (streak.Failures == 0)
            {
                streak.FirstFailure = now;
            }

            streak.Failures++;
            streak.LastFailure = now;
            if (streak.Failures < _policy.FailuresBeforeRecovery
                || now - streak.FirstFailure < _policy.MinimumFailureSpan
                || now < streak.NextAllowed
                || (_lastRequest is { } last && now - last < _policy.MinimumInterval))
            {
                return false;
            }

            _lastRequest = now;
            _requests++;
            streak.Recoveries++;
            streak.Failures = 0;
            streak.NextAllowed = now + HostBackoff(streak.Recoveries);
        }

        _forgetOnionState();
        return true;
    }

    /// <summary>MinimumInterval × 2^recoveries, capped.</summary>
    private TimeSpan HostBackoff(int recoveries)
    {
        var factor = Math.Pow(2, Math.Min(recoveries, 30));
        var millis = Math.Min(_policy.MinimumInterval.TotalMilliseconds * factor, _policy.MaximumHostBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(Math.Max(millis, 0));
    }

    private void MakeRoom()
    {
        if (_hosts.Count < _policy.MaximumTrackedHosts)
        {
            return;
        }

        var oldest = _hosts.MinBy(h => h.Value.LastFailure).Key;
        _hosts.Remove(oldest);
    }

    public override string ToString() => nameof(OnionReachability);

    private sealed class HostStreak
    {
        public int Failures { get; set; }

        public DateTimeOffset FirstFailure { get; set; }

        public DateTimeOffset LastFailure { get; set; }

        public int Recoveries { get; set; }

        public DateTimeOffset NextAllowed { get; set; }
    }
}
