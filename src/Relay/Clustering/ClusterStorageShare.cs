using Pvtcoms.Relay.Storage;

namespace Pvtcoms.Relay.Clustering;

/// <summary>
/// The relay-wide caps across a cluster (ADR 0102). Every node periodically reads the stored totals from the
/// shared journal and gives its own <see cref="StorageLedger"/> an equal share of the room left: the ledger is
/// set to <c>cap - (cap - stored) / nodes</c>, so this node refuses deposits once it alone has used its share.
/// Between refreshes the nodes together stay under the cap (burns only add room); the figures are as old as
/// the last refresh. <see cref="StoredBlobs"/>/<see cref="StoredBytes"/> keep the real totals for /health.
/// </summary>
public sealed class ClusterStorageShare
{
    private readonly StorageLedger _ledger;
    private long _storedBlobs;
    private long _storedBytes;

    public ClusterStorageShare(StorageLedger ledger)
    {
        _ledger = ledger;
    }

    /// <summary>Stored blobs in the whole cluster at the last refresh.</summary>
    public long StoredBlobs => Interlocked.Read(ref _storedBlobs);

    /// <summary>Stored blob bytes in the whole cluster at the last refresh.</summary>
    public long StoredBytes => Interlocked.Read(ref _storedBytes);

    /// <summary>Applies totals read from the journal when <paramref name="nodes"/> relay nodes are Up.</summary>
    public void Apply(long storedBlobs, long storedBytes, int nodes)
    {
        var share = Math.Max(1, nodes);
        Interlocked.Exchange(ref _storedBlobs, Math.Max(0, storedBlobs));
        Interlocked.Exchange(ref _storedBytes, Math.Max(0, storedBytes));
        _ledger.Initialise(Used(_ledger.MaxBlobs, storedBlobs, share), Used(_ledger.MaxBytes, storedBytes, share));
    }

    /// <summary>What the ledger counts as used so that only <c>(cap - stored) / nodes</c> is left to this node.</summary>
    public static long Used(long cap, long stored, int nodes)
    {
        var left = Math.Max(0, cap - Math.Max(0, stored));
        return cap - (left / Math.Max(1, nodes));
    }
}
