using Pvtcoms.Relay.Configuration;
using Pvtcoms.Relay.Service;
using Pvtcoms.Relay.Storage;

namespace Pvtcoms.Relay.Clustering;

/// <summary>
/// What one node of a relay cluster builds before its actor system starts and hands to
/// <see cref="ClusterAkkaHostingExtensions.AddRelayCluster"/>: the relay and cluster options, the shared PostgreSQL
/// store, this node's storage ledger and its share of the cluster's limits, the confirm routes and the clock.
/// </summary>
public sealed record ClusterNodeParts(
    RelayOptions Options,
    RelayClusterOptions Cluster,
    PostgresRelayStore Store,
    StorageLedger Ledger,
    ClusterStorageShare Share,
    BlobRoutes Routes,
    RelayClock Clock)
{
    /// <summary>Names nothing: the options hold the access key and the connection string.</summary>
    public override string ToString() => nameof(ClusterNodeParts);
}
