using Pvtcoms.Actors.Client;

namespace Pvtcoms.Actors.Profiles;

/// <summary>Hands resolved relay settings to a running node (ADR 0087): primary, failover, whether the primary is explicit.</summary>
public static class ClientRelayOptions
{
    /// <summary>
    /// <paramref name="options"/> with the primary (<see cref="ClientRelaySettings.Primary"/>, its key and difficulty),
    /// the failover (<c>relay2=</c>, its key) and <see cref="ClientRelaySettings.IsExplicit"/>. The node then polls
    /// both and moves deposits to the failover only while a non-explicit primary is unreachable.
    /// </summary>
    public static ClientNodeOptions WithRelays(this ClientNodeOptions options, ClientRelaySettings settings, int powDifficulty)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        return options with
        {
            OwnRelay = settings.Primary,
            OwnRelayAccessKey = settings.Key?.Value,
            OwnRelayPowDifficulty = powDifficulty,
            FailoverRelay = settings.Failover,
            FailoverRelayAccessKey = settings.FailoverKey?.Value,
            OwnRelayIsExplicit = settings.IsExplicit,
        };
    }
}
