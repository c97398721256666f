using Akka.Actor;
using Pvtcoms.Relay.Hosting;

namespace Pvtcoms.Relay.Clustering;

/// <summary>What this node currently sees of the relay cluster's membership (aggregates only).</summary>
public static class ClusterMembership
{
    /// <summary>Relay members whose status is Up, this node included.</summary>
    public static int UpRelays(ActorSystem system) =>
        Akka.Cluster.Cluster.Get(system).State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up && m.HasRole(RelayAkkaHostingExtensions.Role));

    /// <summary>Addresses of the other Up relay members.</summary>
    public static IReadOnlyList<Address> OtherUpRelays(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        return cluster.State.Members
            .Where(m => m.Status == Akka.Cluster.MemberStatus.Up && m.HasRole(RelayAkkaHostingExtensions.Role) && m.Address != cluster.SelfAddress)
            .Select(m => m.Address)
            .ToList();
    }
}
