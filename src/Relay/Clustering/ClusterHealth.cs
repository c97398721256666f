using System.Globalization;
using System.Text;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Pvtcoms.Relay.Clustering;

/// <summary>
/// The cluster lines of this node's loopback-only /health (text form): how many relay members are Up, how many
/// shards and live mailbox entities this node hosts. Counts only, never an entity id.
/// </summary>
public sealed class ClusterHealth
{
    private readonly ActorSystem _system;
    private readonly IActorRef _region;

    public ClusterHealth(ActorSystem system, IActorRef region)
    {
        _system = system;
        _region = region;
    }

    public async Task<string> TextAsync(CancellationToken cancellationToken)
    {
        var members = ClusterMembership.UpRelays(_system);
        int shards = -1, entities = -1;
        try
        {
            var state = await _region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false);
            shards = state.Shards.Count;
            entities = state.Shards.Sum(s => s.EntityIds.Count);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            // Reported as -1: the region did not answer in time.
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"cluster_members_up {members}\n");
        text.Append(CultureInfo.InvariantCulture, $"cluster_shards_here {shards}\n");
        text.Append(CultureInfo.InvariantCulture, $"cluster_mailboxes_here {entities}\n");
        return text.ToString();
    }
}
