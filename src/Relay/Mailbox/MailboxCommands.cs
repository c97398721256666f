using System.Collections.Immutable;

namespace Pvtcoms.Relay.Mailbox;

/// <summary>Every message for a mailbox names it; the sharding extractor keys on this.</summary>
public interface IWithMailboxId
{
    string MailboxId { get; }
}

/// <summary>
/// Store one padded blob (<paramref name="Digest"/> is <see cref="BlobDigest.Of"/> of it). Days count from
/// 1970-01-01 UTC; the blob expires on <paramref name="ExpiryDay"/>, and its digest is remembered until
/// <paramref name="ForgetDay"/> once burned (the window in which its proof of work could be replayed).
/// </summary>
public sealed record Deposit(string MailboxId, BlobId Id, BlobDigest Digest, byte[] Blob, int ExpiryDay, int ForgetDay) : IWithMailboxId
{
    public override string ToString() => "Deposit";
}

/// <summary>Return every pending blob (nothing is removed until it is confirmed).</summary>
public sealed record Fetch(string MailboxId) : IWithMailboxId
{
    public override string ToString() => "Fetch";
}

/// <summary>The client has durably received these blobs: burn them for good.</summary>
public sealed record Confirm(string MailboxId, ImmutableArray<BlobId> Ids, int Today) : IWithMailboxId
{
    public override string ToString() => "Confirm";
}

/// <summary>Drop expired blobs, forget old digests and finish any interrupted compaction.</summary>
public sealed record Sweep(string MailboxId, int Today) : IWithMailboxId
{
    public override string ToString() => "Sweep";
}

/// <summary>Why a deposit was refused by the mailbox itself.</summary>
public enum DepositRefusal
{
    Duplicate,
    MailboxFull,
    RelayFull,
}

public sealed record DepositAccepted(BlobId Id)
{
    public override string ToString() => "DepositAccepted";
}

public sealed record DepositRefused(DepositRefusal Reason);

/// <summary>One blob as handed to a fetching client.</summary>
public sealed record FetchedBlob(BlobId Id, byte[] Blob)
{
    public override string ToString() => "FetchedBlob";
}

public sealed record FetchResult(ImmutableArray<FetchedBlob> Blobs)
{
    public static readonly FetchResult Empty = new(ImmutableArray<FetchedBlob>.Empty);

    public override string ToString() => $"FetchResult({Blobs.Length})";
}

public sealed record Confirmed(int Burned);

public sealed record Swept(int Expired);
