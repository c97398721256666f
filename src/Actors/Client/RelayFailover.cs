using Pvtcoms.Actors.Profiles;
using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Actors.Client;

/// <summary>
/// The running node's view of its own relays (ADR 0087): which relays it polls (the primary and, when configured,
/// the failover), what it has seen of each (<see cref="RelayReachability"/>: consecutive failed calls, reset by one
/// success), and where a deposit addressed to the primary goes now (<see cref="RelaySelector"/>: to the failover
/// only while the primary is unreachable and was not chosen explicitly). Deposits addressed to any other relay (a
/// contact's own relay) are never redirected. Thread-safe: the poller and the outbox both record what they see.
/// </summary>
internal sealed class RelayFailover
{
    private readonly object _gate = new();
    private readonly Dictionary<RelayEndpoint, RelayReachability> _observed = [];
    private readonly RelayEndpoint _primary;
    private readonly RelayEndpoint? _failover;
    private readonly bool _primaryIsExplicit;

    public RelayFailover(RelayEndpoint primary, RelayEndpoint? failover, bool primaryIsExplicit)
    {
        ArgumentNullException.ThrowIfNull(primary);
        _primary = primary;
        _failover = failover is not null && !failover.Equals(primary) ? failover : null;
        _primaryIsExplicit = primaryIsExplicit;
        Polled = _failover is null ? [primary] : [primary, _failover];
    }

    public static RelayFailover For(ClientNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RelayFailover(options.OwnRelay, options.FailoverRelay, options.OwnRelayIsExplicit);
    }

    /// <summary>Every relay the node polls: the primary first, then the failover (a contact's messages may wait on either).</summary>
    public IReadOnlyList<RelayEndpoint> Polled { get; }

    /// <summary>Where a deposit addressed to <paramref name="addressed"/> goes now.</summary>
    public RelayEndpoint DepositTarget(RelayEndpoint addressed)
    {
        ArgumentNullException.ThrowIfNull(addressed);
        if (!addressed.Equals(_primary) || _failover is null)
        {
            return addressed;
        }

        lock (_gate)
        {
            return RelaySelector.Select(_primary, _primaryIsExplicit, _failover, Observed).Relay;
        }
    }

    /// <summary>Records one call's outcome: answered (any answer, even a refusal) or not reached.</summary>
    public void Record(RelayEndpoint relay, bool reached)
    {
        ArgumentNullException.ThrowIfNull(relay);
        lock (_gate)
        {
            _observed[relay] = reached ? Observed(relay).RecordSuccess() : Observed(relay).RecordFailure();
        }
    }

    public bool IsUnreachable(RelayEndpoint relay)
    {
        ArgumentNullException.ThrowIfNull(relay);
        lock (_gate)
        {
            return Observed(relay).IsUnreachable;
        }
    }

    private RelayReachability Observed(RelayEndpoint relay) => _observed.GetValueOrDefault(relay);
}
