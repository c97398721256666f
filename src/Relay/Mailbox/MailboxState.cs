using System.Collections.Immutable;

namespace Pvtcoms.Relay.Mailbox;

/// <summary>
/// One token's mailbox: the blobs waiting for their recipient and the digests of recently burned ones.
/// Immutable; the decisions (<c>Decide*</c>) are pure functions of the state and the command, and
/// <see cref="Apply"/> folds an event into a new state. The actor only persists and replies.
/// </summary>
public sealed record MailboxState(
    ImmutableArray<PendingBlob> Pending,
    ImmutableArray<SpentDigest> Spent,
    long PendingBytes,
    bool HasObsoleteEvents)
{
    public static readonly MailboxState Empty = new(ImmutableArray<PendingBlob>.Empty, ImmutableArray<SpentDigest>.Empty, 0, false);

    public bool IsEmpty => Pending.IsEmpty && Spent.IsEmpty;

    /// <summary>A deposit becomes a <see cref="Deposited"/> event, or is refused with a reason.</summary>
    public DepositDecision DecideDeposit(Deposit command, MailboxLimits limits)
    {
        var digest = command.Digest;
        foreach (var pending in Pending)
        {
            if (pending.Digest == digest)
            {
                return DepositDecision.Refuse(DepositRefusal.Duplicate);
            }
        }

        foreach (var spent in Spent)
        {
            if (spent.Digest == digest)
            {
                return DepositDecision.Refuse(DepositRefusal.Duplicate);
            }
        }

        if (Pending.Length + 1 > limits.MaxBlobs || PendingBytes + command.Blob.LongLength > limits.MaxBytes)
        {
            return DepositDecision.Refuse(DepositRefusal.MailboxFull);
        }

        return DepositDecision.Accept(new Deposited(command.Id, digest, command.Blob, command.ExpiryDay, command.ForgetDay));
    }

    /// <summary>The pending blobs among <paramref name="ids"/> become a <see cref="Burned"/> event; unknown ids are ignored.</summary>
    public Burned? DecideConfirm(ImmutableArray<BlobId> ids)
    {
        var found = ImmutableArray.CreateBuilder<BlobId>();
        foreach (var id in ids)
        {
            if (!found.Contains(id) && Pending.Any(p => p.Id == id))
            {
                found.Add(id);
            }
        }

        return found.Count == 0 ? null : new Burned(found.ToImmutable());
    }

    /// <summary>Blobs whose expiry day has come become an <see cref="Expired"/> event.</summary>
    public Expired? DecideExpiry(int today)
    {
        var expired = Pending.Where(p => p.ExpiryDay <= today).Select(p => p.Id).ToImmutableArray();
        return expired.IsEmpty ? null : new Expired(expired);
    }

    /// <summary>
    /// When burned or expired blobs (or forgettable digests) are still in the journal, the state
    /// re-stated as one event so that everything before it can be deleted; null when nothing is obsolete.
    /// </summary>
    public IMailboxEvent? DecideCompaction(int today)
    {
        var staleDigests = Spent.Any(s => s.ForgetDay <= today);
        if (!HasObsoleteEvents && !staleDigests)
        {
            return null;
        }

        var spent = Spent.Where(s => s.ForgetDay > today).ToImmutableArray();
        if (Pending.IsEmpty && spent.IsEmpty)
        {
            return Emptied.Instance;
        }

        return new Compacted(Pending, spent);
    }

    public MailboxState Apply(IMailboxEvent @event) => @event switch
    {
        Deposited d => this with
        {
            Pending = Pending.Add(new PendingBlob(d.Id, d.Digest, d.Blob, d.ExpiryDay, d.ForgetDay)),
            PendingBytes = PendingBytes + d.Blob.LongLength,
        },
        Burned b => Remove(b.Ids, remember: true),
        Expired x => Remove(x.Ids, remember: false),
        Compacted c => new MailboxState(
            c.Pending,
            c.Spent,
            c.Pending.Sum(p => p.Blob.LongLength),
            false),
        Emptied => Empty,
        _ => throw new ArgumentException("Unknown mailbox event.", nameof(@event)),
    };

    /// <summary>The pending blobs named by <paramref name="ids"/> (count and bytes), for the storage ledger.</summary>
    public (int Count, long Bytes) Measure(ImmutableArray<BlobId> ids)
    {
        var count = 0;
        var bytes = 0L;
        foreach (var pending in Pending)
        {
            if (ids.Contains(pending.Id))
            {
                count++;
                bytes += pending.Blob.LongLength;
            }
        }

        return (count, bytes);
    }

    private MailboxState Remove(ImmutableArray<BlobId> ids, bool remember)
    {
        var removed = Pending.Where(p => ids.Contains(p.Id)).ToList();
        var spent = remember
            ? Spent.AddRange(removed.Select(p => new SpentDigest(p.Digest, p.ForgetDay)))
            : Spent;
        return new MailboxState(
            Pending.RemoveAll(p => ids.Contains(p.Id)),
            spent,
            PendingBytes - removed.Sum(p => p.Blob.LongLength),
            true);
    }

    public override string ToString() => $"MailboxState({Pending.Length} pending, {Spent.Length} spent)";
}

/// <summary>The outcome of <see cref="MailboxState.DecideDeposit"/>: an event to persist or a refusal.</summary>
public readonly record struct DepositDecision(Deposited? Event, DepositRefusal? Refusal)
{
    public static DepositDecision Accept(Deposited @event) => new(@event, null);

    public static DepositDecision Refuse(DepositRefusal reason) => new(null, reason);
}
