using Akka.Actor;
using Akka.Hosting;

namespace Pvtcoms.Actors.Client;

/// <summary>Marker for <c>IRequiredActor&lt;ClientProfile&gt;</c>: the profile actor of a hosted client.</summary>
public sealed class ClientProfile
{
    private ClientProfile()
    {
    }
}

/// <summary>Wiring of the client into an Akka.Hosting actor system (one place per area).</summary>
public static class ClientAkkaHostingExtensions
{
    /// <summary>
    /// Starts the client's profile actor (and with it outbox, poller, cover and contacts), registered as
    /// <see cref="ClientProfile"/>. Use <see cref="ClientNode.AttachAsync"/> for the facade. A transport the
    /// options do not give is built here and disposed when the actor system terminates.
    /// </summary>
    public static AkkaConfigurationBuilder WithPvtcomsClient(this AkkaConfigurationBuilder builder, ClientNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        return builder.WithActors((system, registry) =>
        {
            var (transport, owned) = ClientNode.TransportFor(options);
            if (owned is not null)
            {
                system.RegisterOnTermination(owned.Dispose);
            }

            var profile = system.ActorOf(ProfileActor.Props(new ClientContext(options, transport)), "profile");
            registry.Register<ClientProfile>(profile);
        });
    }
}
