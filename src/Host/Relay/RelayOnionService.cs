using System.Net;
using Akka.Actor;
using Pvtcoms.Actors.Tor;
using Pvtcoms.Actors.Tor.Dialing;
using Pvtcoms.Actors.Tor.Process;
using Pvtcoms.Actors.Tor.Supervision;
using Pvtcoms.Protocol.Onion;

namespace Pvtcoms.Host.Relay;

/// <summary>
/// Publishes the relay's API port as a v3 onion service through the relay's own supervised tor
/// (<c>&lt;data_dir&gt;/tor</c>): tor is restarted with backoff if it dies and the service is re-added each time
/// (<see cref="TorSupervisorActor"/>). The address comes from <see cref="RelayOnionSeedFile"/> and is known before
/// tor runs. Disposing stops tor.
/// </summary>
public sealed class RelayOnionService : IAsyncDisposable
{
    public const string ServiceName = "relay";
    public const int VirtualPort = 80;

    private readonly ActorSystem _system;
    private readonly IActorRef _supervisor;

    private RelayOnionService(ActorSystem system, IActorRef supervisor, OnionAddress address)
    {
        _system = system;
        _supervisor = supervisor;
        Address = address;
    }

    public OnionAddress Address { get; }

    /// <summary>Starts tor and registers the service; returns once tor has been handed the key (publication follows).</summary>
    public static async Task<RelayOnionService> StartAsync(OnionServiceKey key, IPEndPoint target, string dataDirectory,
        IReadOnlyList<string>? extraTorrcLines)
    {
        ArgumentNullException.ThrowIfNull(key);
        var system = ActorSystem.Create("relay-tor", "akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING");
        var launch = TorLaunchOptions.FromEnvironment(Path.Combine(dataDirectory, "tor"), extraTorrcLines);
        var supervisor = system.ActorOf(TorSupervisorActor.Props(new TorLauncher(launch), new TorReadiness()), "tor");
        var registered = await supervisor.Ask<OnionServiceRegistered>(
            new AddOnionService(ServiceName, key, VirtualPort, target), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        return new RelayOnionService(system, supervisor, registered.Address);
    }

    /// <summary>Waits until tor has published the service (its ServiceID checked against <see cref="Address"/>).</summary>
    public async Task<bool> WaitPublishedAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            var status = await _supervisor.Ask<TorStatus>(GetTorStatus.Instance, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            if (status.IsReady && status.PublishedServices.Contains(ServiceName))
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _supervisor.GracefulStop(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        }
        catch (TaskCanceledException)
        {
            // The supervisor did not stop in time; terminating the system below still stops tor (it watches our pid too).
        }

        await _system.Terminate().ConfigureAwait(false);
    }
}
