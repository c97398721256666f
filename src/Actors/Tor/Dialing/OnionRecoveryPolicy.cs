namespace Pvtcoms.Actors.Tor.Dialing;

/// <summary>
/// When <see cref="OnionReachability"/> asks tor to forget its onion-client state (ADR 0068).
/// </summary>
/// <param name="FailuresBeforeRecovery">Consecutive stale-looking failures of dials to one onion host needed.</param>
/// <param name="MinimumFailureSpan">Time from the first to the latest of those failures needed (a burst is not enough).</param>
/// <param name="MinimumInterval">
/// At most one request in this interval, whatever the host (tor picks new layer-2 vanguards on every NEWNYM).
/// </param>
/// <param name="MaximumHostBackoff">
/// Cap of the per-host backoff: after the k-th request for a host that has not been reached since, the next one for
/// it waits <see cref="MinimumInterval"/> × 2^k, at most this long (a contact that is simply offline costs few NEWNYMs).
/// </param>
/// <param name="MaximumTrackedHosts">Hosts remembered at once; beyond it the oldest streak is forgotten.</param>
public sealed record OnionRecoveryPolicy(
    int FailuresBeforeRecovery,
    TimeSpan MinimumFailureSpan,
    TimeSpan MinimumInterval,
    TimeSpan MaximumHostBackoff,
    int MaximumTrackedHosts)
{
    public static readonly OnionRecoveryPolicy Default = new(
        FailuresBeforeRecovery: 3,
        MinimumFailureSpan: TimeSpan.FromSeconds(10),
        MinimumInterval: TimeSpan.FromSeconds(60),
        MaximumHostBackoff: TimeSpan.FromMinutes(30),
        MaximumTrackedHosts: 256);
}
