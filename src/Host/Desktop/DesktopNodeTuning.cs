namespace Pvtcoms.Host.Desktop;

/// <summary>How often the desktop's node polls and looks at its outbox.</summary>
public sealed record DesktopNodeTuning(TimeSpan MinPollInterval, TimeSpan MaxPollInterval, TimeSpan OutboxTick)
{
    /// <summary>A relay on this machine (testbed, local relay): polling it often costs nothing and reveals nothing.</summary>
    public static DesktopNodeTuning Loopback { get; } = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100));

    /// <summary>A relay behind Tor: the client's jittered defaults.</summary>
    public static DesktopNodeTuning Remote { get; } = new(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1));
}
