using Akka.Actor;
using Pvtcoms.Actors.Tests.Tor.Support;
using Pvtcoms.Actors.Tor;
using Pvtcoms.Actors.Tor.Dialing;
using Pvtcoms.Actors.Tor.Process;
using Pvtcoms.Actors.Tor.Supervision;

namespace Pvtcoms.Actors.Tests.Tor.Network;

/// <summary>An app tor on the private network under a supervisor, and a Tor-only dialer whose sockets are recorded.</summary>
internal sealed record TorClient(IActorRef Supervisor, RecordingSocketFactory Sockets, FailClosedDialer Dialer)
{
    public static TorClient Start(ActorSystem system, PrivateTorNetwork network, string name)
    {
        var readiness = new TorReadiness();
        var supervisor = system.ActorOf(TorSupervisorActor.Props(
            new TorLauncher(new TorLaunchOptions(Path.Combine(network.Root, $"{name}-tor-{Guid.NewGuid():N}"), ExtraTorrcLines: network.ClientTorrcLines)),
            readiness));
        var sockets = new RecordingSocketFactory();
        return new TorClient(supervisor, sockets, new FailClosedDialer(readiness, sockets, DialPolicy.TorOnly));
    }
}
