using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Actors.Transport;

/// <summary>
/// Which <see cref="RelayAccess"/> a request carries, by the relay it goes to: the profile's own relay its access key,
/// the failover relay (<c>relay2=</c>, ADR 0087) its own key, any other relay (a contact's) none. Every relay is
/// asked at the profile's difficulty.
/// </summary>
public sealed class RelayAccessMap
{
    private readonly RelayEndpoint _own;
    private readonly RelayEndpoint? _failover;
    private readonly RelayAccess _contact;

    public RelayAccessMap(int powDifficulty, RelayEndpoint own, string? ownKey, RelayEndpoint? failover = null, string? failoverKey = null)
    {
        ArgumentNullException.ThrowIfNull(own);
        if (failover is null && failoverKey is not null)
        {
            throw new ArgumentException("a failover key needs a failover relay", nameof(failoverKey));
        }

        _own = own;
        _failover = failover;
        Own = new RelayAccess(powDifficulty, ownKey);
        Failover = new RelayAccess(powDifficulty, failoverKey);
        _contact = new RelayAccess(powDifficulty);
    }

    /// <summary>Access to the profile's own relay.</summary>
    public RelayAccess Own { get; }

    /// <summary>Access to the failover relay (no key when there is no failover).</summary>
    public RelayAccess Failover { get; }

    /// <summary>The access for a request to <paramref name="relay"/>.</summary>
    public RelayAccess For(RelayEndpoint relay)
    {
        ArgumentNullException.ThrowIfNull(relay);
        if (relay.Equals(_own))
        {
            return Own;
        }

        return _failover is not null && relay.Equals(_failover) ? Failover : _contact;
    }
}
