using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Actors.Profiles;

/// <summary>Which relay to use now, and why.</summary>
public sealed record RelaySelection(RelayEndpoint Relay, bool IsFailover, RelaySelectionReason Reason);

public enum RelaySelectionReason
{
    /// <summary>No failover relay is configured (or it is the primary itself).</summary>
    NoFailoverConfigured,

    /// <summary>The primary was set by PVTCOMS_RELAY or by the user: it is never replaced.</summary>
    PrimaryIsExplicit,

    /// <summary>The primary has not been seen unreachable.</summary>
    PrimaryReachable,

    /// <summary>The primary is unreachable and not explicit; the failover has not been seen unreachable.</summary>
    PrimaryUnreachable,

    /// <summary>Both are unreachable: stay on the primary rather than flap.</summary>
    BothUnreachable,
}

/// <summary>
/// The failover rule (ADR 0077), pure: <c>relay2=</c> is used only when the primary is unreachable AND the
/// primary was not chosen explicitly (environment or the user's stored choice). An explicit relay is never
/// replaced. Back on the primary as soon as it is seen reachable again (its failures reset).
/// </summary>
public static class RelaySelector
{
    public static RelaySelection Select(ClientRelaySettings settings, Func<RelayEndpoint, RelayReachability> observed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Select(settings.Primary, settings.IsExplicit, settings.Failover, observed);
    }

    /// <summary>
    /// The same rule for a running node, which knows only its primary, whether that was chosen explicitly, and its
    /// failover (ADR 0087).
    /// </summary>
    public static RelaySelection Select(RelayEndpoint primary, bool primaryIsExplicit, RelayEndpoint? failover, Func<RelayEndpoint, RelayReachability> observed)
    {
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(observed);
        if (failover is null || failover.Equals(primary))
        {
            return new RelaySelection(primary, false, RelaySelectionReason.NoFailoverConfigured);
        }

        if (primaryIsExplicit)
        {
            return new RelaySelection(primary, false, RelaySelectionReason.PrimaryIsExplicit);
        }

        if (!observed(primary).IsUnreachable)
        {
            return new RelaySelection(primary, false, RelaySelectionReason.PrimaryReachable);
        }

        return observed(failover).IsUnreachable
            ? new RelaySelection(primary, false, RelaySelectionReason.BothUnreachable)
            : new RelaySelection(failover, true, RelaySelectionReason.PrimaryUnreachable);
    }

    public static RelaySelection Select(ClientRelaySettings settings, IReadOnlyDictionary<RelayEndpoint, RelayReachability> observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        return Select(settings, relay => observed.GetValueOrDefault(relay));
    }
}
