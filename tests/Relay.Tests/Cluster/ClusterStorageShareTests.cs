using Pvtcoms.Relay.Clustering;
using Pvtcoms.Relay.Storage;

namespace Pvtcoms.Relay.Tests.Cluster;

public sealed class ClusterStorageShareTests
{
    [Fact]
    public void Each_of_three_nodes_gets_a_third_of_the_room_left_and_together_they_stay_under_the_cap()
    {
        var ledgers = Enumerable.Range(0, 3).Select(_ => new StorageLedger(maxBlobs: 100, maxBytes: 100_000)).ToList();
        foreach (var ledger in ledgers)
        {
            new ClusterStorageShare(ledger).Apply(storedBlobs: 40, storedBytes: 40_000, nodes: 3);
        }

        var accepted = 0;
        foreach (var ledger in ledgers)
        {
            while (ledger.TryReserve(1_000))
            {
                accepted++;
            }
        }

        Assert.Equal(60, accepted);
    }

    [Fact]
    public void A_full_cluster_leaves_no_room_and_the_health_figures_are_the_real_totals()
    {
        var ledger = new StorageLedger(maxBlobs: 10, maxBytes: 1_000);
        var share = new ClusterStorageShare(ledger);
        share.Apply(storedBlobs: 12, storedBytes: 500, nodes: 2);

        Assert.False(ledger.TryReserve(1));
        Assert.Equal(12, share.StoredBlobs);
        Assert.Equal(500, share.StoredBytes);
    }

    [Theory]
    [InlineData(100, 40, 3, 80)]
    [InlineData(100, 40, 1, 40)]
    [InlineData(100, 0, 0, 0)]
    [InlineData(100, 150, 2, 100)]
    public void The_ledger_counts_as_used_all_but_this_node_share_of_the_room_left(long cap, long stored, int nodes, long used)
    {
        Assert.Equal(used, ClusterStorageShare.Used(cap, stored, nodes));
    }
}
