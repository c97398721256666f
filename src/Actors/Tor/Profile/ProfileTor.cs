using System.Net;
using Akka.Actor;
using Pvtcoms.Actors.Tor.Dialing;
using Pvtcoms.Actors.Tor.Process;
using Pvtcoms.Actors.Tor.Supervision;
using Pvtcoms.Actors.Transport;
using Pvtcoms.Protocol.Onion;

namespace Pvtcoms.Actors.Tor.Profile;

/// <summary>
/// A profile's own tor (ADR 0067): a <see cref="TorSupervisorActor"/> (DataDirectory inside the profile, restarted
/// with backoff, no log on disk unless PVTCOMS_TOR_DEBUG_LOG=1) and the fail-closed dialer that reads its readiness.
/// <see cref="ConnectCallback"/> is what the node's <see cref="HttpRelayTransport"/> dials with: loopback direct,
/// everything else through tor's SOCKS port, and nothing at all while tor is not bootstrapped (the request fails as
/// transient and the outbox keeps the message queued; there is no direct fallback). Optionally publishes the
/// profile's own inbox as an onion service (<see cref="PublishInboxAsync"/>). Dials to onions are watched by an
/// <see cref="OnionReachability"/> that has the supervisor send <c>SIGNAL NEWNYM</c> when one keeps failing (ADR 0068).
/// Disposing stops tor.
/// </summary>
public sealed class ProfileTor : IAsyncDisposable
{
    /// <summary>The name of the profile's inbox service at the supervisor (a name, never an address, is published as status).</summary>
    public const string InboxServiceName = "inbox";

    /// <summary>The inbox's virtual port: invites name <c>&lt;address&gt;.onion:80</c>.</summary>
    public const int InboxVirtualPort = 80;

    private readonly ActorSystem _system;
    private readonly bool _ownsSystem;
    private readonly IActorRef _supervisor;
    private readonly TorReadiness _readiness;

    private ProfileTor(ActorSystem system, bool ownsSystem, IActorRef supervisor, TorReadiness readiness, FailClosedDialer dialer,
        OnionReachability onions)
    {
        _system = system;
        _ownsSystem = ownsSystem;
        _supervisor = supervisor;
        _readiness = readiness;
        Dialer = dialer;
        Onions = onions;
    }

    /// <summary>Counts failed dials to onions and asks tor to forget stale onion state (ADR 0068).</summary>
    public OnionReachability Onions { get; }

    /// <summary>The dialer every outbound connection of the profile goes through.</summary>
    public FailClosedDialer Dialer { get; }

    /// <summary>The connect callback for <see cref="HttpRelayTransport"/>.</summary>
    public Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectCallback => HttpRelayTransport.ThroughDialer(Dialer);

    /// <summary>True once tor is bootstrapped (100 %); false again while it restarts.</summary>
    public bool IsReady => _readiness.SocksEndPointIfReady is not null;

    /// <summary>The supervisor (status, extra services).</summary>
    public IActorRef Supervisor => _supervisor;

    /// <summary>The actor system the supervisor runs in: its EventStream carries every change of <see cref="TorStatus"/>.</summary>
    public ActorSystem System => _system;

    /// <summary>
    /// Starts tor in an actor system of its own. <paramref name="torDataDirectory"/> is inside the profile;
    /// <paramref name="extraTorrcLines"/> only for a private test network; <paramref name="sockets"/> lets a test watch every socket.
    /// </summary>
    public static ProfileTor Start(string torDataDirectory, IReadOnlyList<string>? extraTorrcLines = null, DialPolicy? policy = null,
        ISocketFactory? sockets = null)
    {
        var system = ActorSystem.Create("profile-tor", "akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING");
        return Start(system, ownsSystem: true, torDataDirectory, extraTorrcLines, policy, sockets);
    }

    /// <summary>The same in an existing actor system (not terminated on dispose).</summary>
    public static ProfileTor Start(ActorSystem system, string torDataDirectory, IReadOnlyList<string>? extraTorrcLines = null,
        DialPolicy? policy = null, ISocketFactory? sockets = null) =>
        Start(system, ownsSystem: false, torDataDirectory, extraTorrcLines, policy, sockets);

    private static ProfileTor Start(ActorSystem system, bool ownsSystem, string torDataDirectory, IReadOnlyList<string>? extraTorrcLines,
        DialPolicy? policy, ISocketFactory? sockets)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentException.ThrowIfNullOrEmpty(torDataDirectory);
        var readiness = new TorReadiness();
        var launch = TorLaunchOptions.FromEnvironment(torDataDirectory, extraTorrcLines);
        var supervisor = system.ActorOf(TorSupervisorActor.Props(new TorLauncher(launch), readiness));
        var onions = new OnionReachability(TimeProvider.System, () => supervisor.Tell(ForgetOnionState.Instance));
        var dialer = new FailClosedDialer(readiness, sockets ?? SystemSocketFactory.Instance, policy ?? DialPolicy.FromEnvironment(), onions);
        return new ProfileTor(system, ownsSystem, supervisor, readiness, dialer, onions);
    }

    /// <summary>
    /// Publishes the profile's inbox: virtual port 80 of <paramref name="key"/>'s address → <paramref name="loopbackInbox"/>.
    /// The supervisor takes ownership of the key (and re-adds the service on every new tor). Returns the address at once
    /// (computed locally); publication follows (<see cref="WaitInboxPublishedAsync"/>).
    /// </summary>
    public async Task<OnionAddress> PublishInboxAsync(OnionServiceKey key, IPEndPoint loopbackInbox)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(loopbackInbox);
        if (!IPAddress.IsLoopback(loopbackInbox.Address))
        {
            throw new ArgumentException("The inbox an onion service points at must be on loopback.", nameof(loopbackInbox));
        }

        var registered = await _supervisor.Ask<OnionServiceRegistered>(
            new AddOnionService(InboxServiceName, key, InboxVirtualPort, loopbackInbox), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        return registered.Address;
    }

    /// <summary>tor's current status (phase, bootstrap percent, names of published services).</summary>
    public Task<TorStatus> StatusAsync(CancellationToken cancellationToken = default) =>
        _supervisor.Ask<TorStatus>(GetTorStatus.Instance, TimeSpan.FromSeconds(10), cancellationToken);

    /// <summary>Waits until tor is ready and has published the inbox; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitInboxPublishedAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            var status = await StatusAsync(cancellationToken).ConfigureAwait(false);
            if (status.IsReady && status.PublishedServices.Contains(InboxServiceName))
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Waits until tor is bootstrapped; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!IsReady && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }

        return IsReady;
    }

    /// <summary>Stops the supervisor (which stops tor and disposes the keys it owns).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _supervisor.GracefulStop(TimeSpan.FromSeconds(40)).ConfigureAwait(false);
        }
        catch (TaskCanceledException)
        {
            // Not stopped in time: tor still exits with this process (it watches our pid).
        }

        if (_ownsSystem)
        {
            await _system.Terminate().ConfigureAwait(false);
        }
    }

    public override string ToString() => nameof(ProfileTor);
}
