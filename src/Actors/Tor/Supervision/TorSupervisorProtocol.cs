using System.Collections.Immutable;
using System.Net;
using Pvtcoms.Protocol.Onion;

namespace Pvtcoms.Actors.Tor.Supervision;

/// <summary>Where the app's tor is in its life.</summary>
public enum TorPhase
{
    Starting,
    Bootstrapping,
    Ready,
    Restarting,
    Stopped,
}

/// <summary>
/// Published on the EventStream at every change and returned for <see cref="GetTorStatus"/>; what the UI shows.
/// Names of published services only — never keys, never addresses. <see cref="ProcessId"/> is tor's pid (diagnostics, tests).
/// </summary>
public sealed record TorStatus(
    TorPhase Phase,
    int BootstrapPercent,
    string Summary,
    IPEndPoint? SocksEndPoint,
    int Restarts,
    int? ProcessId,
    ImmutableSortedSet<string> PublishedServices)
{
    public bool IsReady => Phase == TorPhase.Ready;
}

/// <summary>Asks for the current <see cref="TorStatus"/>.</summary>
public sealed record GetTorStatus
{
    public static readonly GetTorStatus Instance = new();

    private GetTorStatus()
    {
    }
}

/// <summary>
/// Registers an onion service: published now if tor runs, and again after every tor restart. The supervisor
/// takes ownership of <paramref name="Key"/> and disposes it when it stops. Registering a name again replaces it.
/// Answered with <see cref="OnionServiceRegistered"/>.
/// </summary>
public sealed record AddOnionService(string Name, OnionServiceKey Key, int VirtualPort, IPEndPoint Target);

/// <summary>The service's address, computed locally from its key (known before tor publishes it).</summary>
public sealed record OnionServiceRegistered(string Name, OnionAddress Address);

/// <summary>Published on the EventStream when tor has accepted a service (its ServiceID equals the local address).</summary>
public sealed record OnionServicePublished(string Name, OnionAddress Address, int Generation);

/// <summary>
/// Asks the supervisor to make tor forget its cached onion-client state (<c>SIGNAL NEWNYM</c>, ADR 0068): sent by
/// <see cref="Dialing.OnionReachability"/> when dials to an onion keep failing. Ignored unless tor is ready, and at
/// most one is sent per <see cref="TorSupervisorSettings.ForgetOnionStateInterval"/>. No reply; success is published
/// as <see cref="OnionStateForgotten"/>. Carries no address: the supervisor never learns which onion failed.
/// </summary>
public sealed record ForgetOnionState
{
    public static readonly ForgetOnionState Instance = new();

    private ForgetOnionState()
    {
    }
}

/// <summary>Published on the EventStream when tor (of this generation) accepted <c>SIGNAL NEWNYM</c>.</summary>
public sealed record OnionStateForgotten(int Generation);

/// <summary>Timings of the supervisor.</summary>
/// <param name="InitialBackoff">Delay before the first relaunch after tor died or failed to start.</param>
/// <param name="MaxBackoff">Upper bound of the doubling relaunch delay.</param>
/// <param name="LaunchTimeout">From launch to an authenticated control connection.</param>
/// <param name="PublishRetry">Delay before ADD_ONION is tried again after tor refused it.</param>
public sealed record TorSupervisorSettings(TimeSpan InitialBackoff, TimeSpan MaxBackoff, TimeSpan LaunchTimeout, TimeSpan PublishRetry)
{
    public static readonly TorSupervisorSettings Default = new(
        TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(2));

    /// <summary>Least time between two <c>SIGNAL NEWNYM</c> the supervisor sends (tor itself defers any within 10 s).</summary>
    public TimeSpan ForgetOnionStateInterval { get; init; } = TimeSpan.FromSeconds(60);
}

// --- Internal messages: the actor's own, always tagged with the session generation they belong to. ---

internal sealed record LaunchTor(int Generation);

internal sealed record TorLaunched(int Generation, ITorSession Session);

internal sealed record TorLaunchFailed(int Generation, TorFailure Failure);

internal sealed record BootstrapUpdated(int Generation, BootstrapProgress Progress);

internal sealed record TorSessionEnded(int Generation);

internal sealed record PublishService(int Generation, string Name);

internal sealed record ServicePublished(int Generation, string Name, OnionAddress Address);

internal sealed record ServicePublishFailed(int Generation, string Name, TorFailure Failure);

internal sealed record NewnymAnswered(int Generation, TorFailure Failure);

internal sealed record NewnymQuietOver
{
    public static readonly NewnymQuietOver Instance = new();

    private NewnymQuietOver()
    {
    }
}
