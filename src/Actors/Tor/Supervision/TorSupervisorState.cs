using System.Collections.Immutable;
using System.Net;
using Pvtcoms.Protocol.Onion;

namespace Pvtcoms.Actors.Tor.Supervision;

/// <summary>A registered onion service (the key is owned by the supervisor; it prints nothing).</summary>
public sealed record OnionServiceRegistration(string Name, OnionServiceKey Key, int VirtualPort, IPEndPoint Target);

/// <summary>
/// The supervisor's state, immutable; every transition is a pure method so it is tested without Akka.
/// <see cref="Generation"/> counts tor launches: messages about an older tor are ignored.
/// </summary>
public sealed record TorSupervisorState(
    TorPhase Phase,
    int Generation,
    BootstrapProgress Bootstrap,
    IPEndPoint? SocksEndPoint,
    int? ProcessId,
    int ConsecutiveFailures,
    int Restarts,
    ImmutableDictionary<string, OnionServiceRegistration> Services,
    ImmutableHashSet<string> Published)
{
    public static readonly TorSupervisorState Initial = new(
        TorPhase.Starting, 0, BootstrapProgress.NotStarted, null, null, 0, 0,
        ImmutableDictionary<string, OnionServiceRegistration>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal));

    public bool HasSession => Phase is TorPhase.Bootstrapping or TorPhase.Ready;

    /// <summary>A new tor is being launched: a new generation, nothing published on it yet.</summary>
    public TorSupervisorState Launching() => this with
    {
        Phase = Generation == 0 ? TorPhase.Starting : TorPhase.Restarting,
        Generation = Generation + 1,
        Bootstrap = BootstrapProgress.NotStarted,
        SocksEndPoint = null,
        ProcessId = null,
        Published = Published.Clear(),
    };

    /// <summary>tor runs and we are its controller.</summary>
    public TorSupervisorState Launched(IPEndPoint socks, int? processId, BootstrapProgress bootstrap) =>
        (this with { SocksEndPoint = socks, ProcessId = processId, Phase = TorPhase.Bootstrapping }).Bootstrapped(bootstrap);

    /// <summary>A bootstrap phase arrived; 100 % makes tor ready and forgives earlier failures.</summary>
    public TorSupervisorState Bootstrapped(BootstrapProgress progress)
    {
        if (!HasSession)
        {
            return this;
        }

        return progress.IsDone
            ? this with { Bootstrap = progress, Phase = TorPhase.Ready, ConsecutiveFailures = 0 }
            : this with { Bootstrap = progress, Phase = TorPhase.Bootstrapping };
    }

    /// <summary>tor died or never came up: wait <see cref="Backoff"/>, then launch again.</summary>
    public TorSupervisorState Ended() => this with
    {
        Phase = TorPhase.Restarting,
        SocksEndPoint = null,
        ProcessId = null,
        ConsecutiveFailures = ConsecutiveFailures + 1,
        Restarts = Restarts + 1,
        Published = Published.Clear(),
    };

    public TorSupervisorState Stopped() => this with { Phase = TorPhase.Stopped, SocksEndPoint = null, ProcessId = null, Published = Published.Clear() };

    public TorSupervisorState Registered(OnionServiceRegistration registration) => this with
    {
        Services = Services.SetItem(registration.Name, registration),
        Published = Published.Remove(registration.Name),
    };

    public TorSupervisorState ServicePublished(string name) => this with { Published = Published.Add(name) };

    /// <summary>Doubling from the initial delay with each consecutive failure, never above the maximum.</summary>
    public TimeSpan Backoff(TorSupervisorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var exponent = Math.Clamp(ConsecutiveFailures - 1, 0, 30);
        var delay = settings.InitialBackoff.TotalMilliseconds * Math.Pow(2, exponent);
        return TimeSpan.FromMilliseconds(Math.Min(delay, settings.MaxBackoff.TotalMilliseconds));
    }

    public TorStatus ToStatus() => new(
        Phase,
        Bootstrap.Percent,
        Bootstrap.Summary,
        Phase == TorPhase.Ready ? SocksEndPoint : null,
        Restarts,
        ProcessId,
        [.. Published]);
}
