using System.Collections.Immutable;

namespace Pvtcoms.Relay.Mailbox;

/// <summary>
/// What a mailbox journals. <see cref="SweepDay"/> is the only time the relay stores: the coarse day
/// (days since 1970-01-01 UTC) on which the row needs the sweeper's attention; the journal's
/// timestamp column holds it instead of the write time (see ADR 0050).
/// </summary>
public interface IMailboxEvent
{
    int SweepDay { get; }
}

/// <summary>One blob stored. The only event that carries payload bytes.</summary>
public sealed record Deposited(BlobId Id, BlobDigest Digest, byte[] Blob, int ExpiryDay, int ForgetDay) : IMailboxEvent
{
    public int SweepDay => ExpiryDay;

    public override string ToString() => "Deposited";
}

/// <summary>Blobs confirmed by the client. Carries ids only, so it may outlive the blobs as a marker row.</summary>
public sealed record Burned(ImmutableArray<BlobId> Ids) : IMailboxEvent
{
    public int SweepDay => 0;

    public override string ToString() => "Burned";
}

/// <summary>Blobs dropped undelivered at expiry. Ids only.</summary>
public sealed record Expired(ImmutableArray<BlobId> Ids) : IMailboxEvent
{
    public int SweepDay => 0;

    public override string ToString() => "Expired";
}

/// <summary>
/// The whole live state re-stated, so that every earlier event (and with them the bytes of burned
/// blobs) can be deleted from the journal.
/// </summary>
public sealed record Compacted(ImmutableArray<PendingBlob> Pending, ImmutableArray<SpentDigest> Spent) : IMailboxEvent
{
    public int SweepDay
    {
        get
        {
            var day = int.MaxValue;
            foreach (var blob in Pending)
            {
                day = Math.Min(day, blob.ExpiryDay);
            }

            foreach (var spent in Spent)
            {
                day = Math.Min(day, spent.ForgetDay);
            }

            return day;
        }
    }

    public override string ToString() => "Compacted";
}

/// <summary>Nothing left: the journal may forget this mailbox entirely.</summary>
public sealed record Emptied : IMailboxEvent
{
    public static readonly Emptied Instance = new();

    private Emptied()
    {
    }

    public int SweepDay => 0;
}

/// <summary>A blob waiting to be fetched and confirmed.</summary>
public sealed record PendingBlob(BlobId Id, BlobDigest Digest, byte[] Blob, int ExpiryDay, int ForgetDay)
{
    public override string ToString() => "PendingBlob";
}

/// <summary>The digest of a burned blob, kept until <see cref="ForgetDay"/> to refuse a replayed deposit.</summary>
public sealed record SpentDigest(BlobDigest Digest, int ForgetDay);
