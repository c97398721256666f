using Akka.Actor;
using Akka.Hosting;
using Pvtcoms.Actors.Tor.Dialing;
using Pvtcoms.Actors.Tor.Process;
using Pvtcoms.Actors.Tor.Supervision;

namespace Pvtcoms.Actors.Tor;

/// <summary>Wiring of the Tor transport into an Akka.Hosting actor system (one place per area).</summary>
public static class TorAkkaHostingExtensions
{
    /// <summary>
    /// Starts the <see cref="TorSupervisorActor"/> (registered as such, reached with
    /// <c>IRequiredActor&lt;TorSupervisorActor&gt;</c>) for a tor launched with <paramref name="options"/>;
    /// the same <paramref name="readiness"/> goes to the <see cref="FailClosedDialer"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithTorSupervisor(
        this AkkaConfigurationBuilder builder, TorLaunchOptions options, TorReadiness readiness, TorSupervisorSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(readiness);
        return builder.WithActors((system, registry) =>
        {
            var supervisor = system.ActorOf(TorSupervisorActor.Props(new TorLauncher(options), readiness, settings), "tor");
            registry.Register<TorSupervisorActor>(supervisor);
        });
    }
}
