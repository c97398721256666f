namespace Pvtcoms.Ui.Blazor.Engine;

public enum TorState
{
    Starting = 0,
    Bootstrapping = 1,
    Ready = 2,
    Failed = 3,

    /// <summary>The testbed: relays on loopback, no Tor.</summary>
    NotUsed = 4,
}

public enum RelayState
{
    Unknown = 0,
    Reachable = 1,
    Unreachable = 2,
}

/// <summary>What the status bar shows.</summary>
/// <param name="Tor">Tor's state.</param>
/// <param name="TorBootstrapPercent">0–100 while bootstrapping.</param>
/// <param name="Relay">Whether the own relay answered the last poll.</param>
/// <param name="PendingOutgoing">Messages still queued (not yet at a relay).</param>
public sealed record EngineStatus(TorState Tor, int TorBootstrapPercent, RelayState Relay, int PendingOutgoing);
