using Pvtcoms.Actors.Client;
using Pvtcoms.Actors.Storage;

namespace Pvtcoms.Ui.Blazor.Engine.Client;

/// <summary>
/// A running profile as the desktop adapter needs it: the client node, its store and what the host started it with.
/// The host owns all of it (starts and stops the node, disposes the store); the adapter only reads and commands.
/// </summary>
public sealed record ClientEngine
{
    public required ClientNode Node { get; init; }

    public required IClientStore Store { get; init; }

    /// <summary>The user's own name (local only).</summary>
    public required string DisplayName { get; init; }

    /// <summary>The settings the node runs with now (a saved change applies at the next start).</summary>
    public required MessengerSettings Settings { get; init; }

    /// <summary><see cref="TorState.NotUsed"/> for loopback relays (testbed, local relay).</summary>
    public TorState Tor { get; init; } = TorState.NotUsed;

    /// <summary>
    /// The profile's tor status when it runs one (published by its supervisor); the status bar follows it while the
    /// engine runs. Null: <see cref="Tor"/> is shown as it is.
    /// </summary>
    public TorStatusSource? TorStatus { get; init; }

    public override string ToString() => "ClientEngine";
}

/// <summary>What the host's first-run step produced: the outcome and, when created, the running engine.</summary>
public sealed record FirstRunResult(FirstRunOutcome Outcome, ClientEngine? Engine)
{
    public static FirstRunResult Refused(FirstRunOutcome outcome) => new(outcome, null);

    public override string ToString() => $"FirstRunResult({Outcome})";
}
