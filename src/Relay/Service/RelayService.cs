using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Akka.Actor;
using Pvtcoms.Protocol;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Relay.Configuration;
using Pvtcoms.Relay.Mailbox;
using Pvtcoms.Relay.Storage;
using ProtocolFetchedBlob = Pvtcoms.Protocol.Relay.FetchedBlob;

namespace Pvtcoms.Relay.Service;

/// <summary>
/// The relay's three operations on parsed requests: checks that need no state (bucket, epoch, proof of
/// work) happen here; everything per token happens in the token's mailbox entity.
/// </summary>
public sealed class RelayService
{
    private readonly IActorRef _mailboxes;
    private readonly RelayOptions _options;
    private readonly RelayClock _clock;
    private readonly RelayCounters _counters;
    private readonly StorageLedger _ledger;
    private readonly BlobRoutes _routes;
    private readonly Clustering.ConfirmForwarder? _forwarder;
    private readonly Clustering.ClusterStorageShare? _share;
    private readonly DirectReplies? _direct;

    /// <param name="forwarder">In a cluster: where confirms of blob ids fetched on another node go (ADR 0101).</param>
    /// <param name="share">In a cluster: the stored totals of the whole cluster, for /health (ADR 0102).</param>
    /// <param name="direct">On a single node: deposits wait for their mailbox through these replies instead of <c>Ask</c> (ADR 0117).</param>
    public RelayService(
        IActorRef mailboxes,
        RelayOptions options,
        RelayClock clock,
        RelayCounters counters,
        StorageLedger ledger,
        BlobRoutes routes,
        Clustering.ConfirmForwarder? forwarder = null,
        Clustering.ClusterStorageShare? share = null,
        DirectReplies? direct = null)
    {
        _direct = direct;
        _forwarder = forwarder;
        _share = share;
        _mailboxes = mailboxes;
        _options = options;
        _clock = clock;
        _counters = counters;
        _ledger = ledger;
        _routes = routes;
    }

    public async Task<DepositOutcome> DepositAsync(DepositRequest request, CancellationToken cancellationToken)
    {
        var blob = MemoryMarshal.TryGetArray(request.Blob, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : request.Blob.ToArray();
        if (!RelayLimits.IsBucketSize(blob.Length))
        {
            return new DepositOutcome(null, RelayRefusal.NotABucket);
        }

        Span<byte> payloadHash = stackalloc byte[RelayLimits.PayloadHashSize];
        SHA256.HashData(blob, payloadHash);
        var check = ProofOfWork.Check(request.Token.Span, payloadHash, request.Epoch, request.PowNonce, _options.PowDifficulty, _clock.PowEpoch);
        if (check != ProtocolError.None)
        {
            return new DepositOutcome(null, RelayRefusal.ForParseError(check));
        }

        var deposit = new Deposit(
            MailboxId.ForToken(request.Token.Span),
            BlobId.NewRandom(),
            BlobDigest.FromSha256(payloadHash),
            blob,
            _clock.Today + _options.ExpiryDays,
            _clock.ForgetDayFor(request.Epoch));

        object reply;
        if (_direct is not null)
        {
            // Continues on the mailbox's thread once the deposit is durable (or on the sweep's at the deadline).
            reply = await _direct.AskAsync(_mailboxes, deposit).ConfigureAwait(false);
        }
        else
        {
            try
            {
                reply = await _mailboxes.Ask<object>(deposit, _options.MailboxTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                return new DepositOutcome(null, RelayRefusal.Busy);
            }
        }

        switch (reply)
        {
            case DepositAccepted accepted:
                _counters.CountDeposit();
                return new DepositOutcome(accepted.Id, null);
            case DepositRefused { Reason: DepositRefusal.Duplicate }:
                return new DepositOutcome(null, RelayRefusal.Duplicate);
            case DepositRefused { Reason: DepositRefusal.MailboxFull }:
                return new DepositOutcome(null, RelayRefusal.MailboxFull);
            case DepositRefused { Reason: DepositRefusal.RelayFull }:
                return new DepositOutcome(null, RelayRefusal.RelayFull);
            default:
                return new DepositOutcome(null, RelayRefusal.Busy);
        }
    }

    /// <summary>The pending blobs of the named tokens, in token order, within the response bounds.</summary>
    public async Task<(FetchResponse? Response, RelayRefusal? Refusal)> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        var asks = new (ReadOnlyMemory<byte> Token, string MailboxId, Task<FetchResult> Reply)[request.Count];
        for (var i = 0; i < request.Count; i++)
        {
            var token = request.TokenAt(i);
            var mailboxId = MailboxId.ForToken(token.Span);
            asks[i] = (token, mailboxId, _mailboxes.Ask<FetchResult>(new Fetch(mailboxId), _options.MailboxTimeout, cancellationToken));
        }

        try
        {
            await Task.WhenAll(asks.Select(a => a.Reply)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            return (null, RelayRefusal.Busy);
        }

        var blobs = new List<ProtocolFetchedBlob>();
        long size = FetchResponse.HeaderSize;
        foreach (var (token, mailboxId, reply) in asks)
        {
            foreach (var blob in reply.Result.Blobs)
            {
                var entrySize = ProtocolFetchedBlob.WireSizeFor(blob.Blob.Length);
                if (blobs.Count == RelayLimits.MaxBlobsPerFetch || size + entrySize > RelayLimits.MaxFetchResponseBytes)
                {
                    goto Full;
                }

                blobs.Add(new ProtocolFetchedBlob(blob.Id.ToArray(), token.Span, blob.Blob));
                _routes.Remember(blob.Id, mailboxId);
                size += entrySize;
            }
        }

    Full:
        _counters.CountFetch();
        return (blobs.Count == 0 ? FetchResponse.Empty : new FetchResponse(blobs), null);
    }

    /// <summary>Burns the named blobs that were fetched before; unknown ids are ignored. Returns how many were burned.</summary>
    public async Task<(int Burned, RelayRefusal? Refusal)> ConfirmAsync(ConfirmRequest request, CancellationToken cancellationToken)
    {
        var byMailbox = new Dictionary<string, ImmutableArray<BlobId>.Builder>(StringComparer.Ordinal);
        var unrouted = ImmutableArray.CreateBuilder<BlobId>();
        for (var i = 0; i < request.Count; i++)
        {
            var id = BlobId.Read(request.BlobIdAt(i).Span);
            if (!_routes.TryFind(id, out var mailboxId))
            {
                unrouted.Add(id);
            }
            else
            {
                if (!byMailbox.TryGetValue(mailboxId, out var ids))
                {
                    ids = ImmutableArray.CreateBuilder<BlobId>();
                    byMailbox[mailboxId] = ids;
                }

                ids.Add(id);
            }
        }

        var today = _clock.Today;
        var confirms = byMailbox
            .Select(pair => (Ids: pair.Value.ToImmutable(), Reply: _mailboxes.Ask<Confirmed>(new Confirm(pair.Key, pair.Value.ToImmutable(), today), _options.MailboxTimeout, cancellationToken)))
            .ToList();
        var burned = 0;
        try
        {
            foreach (var (ids, reply) in confirms)
            {
                burned += (await reply.ConfigureAwait(false)).Burned;
                foreach (var id in ids)
                {
                    _routes.Forget(id);
                }
            }
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            return (burned, RelayRefusal.Busy);
        }

        if (_forwarder is not null && unrouted.Count > 0)
        {
            burned += await _forwarder.ForwardAsync(unrouted.ToImmutable(), today, cancellationToken).ConfigureAwait(false);
        }

        _counters.CountConfirm();
        return (burned, null);
    }

    /// <summary>Aggregates for /health; in a cluster the stored figures are the whole cluster's at the last refresh.</summary>
    public RelayHealth Health() => new(
        (ulong)Math.Max(0, _share?.StoredBlobs ?? _ledger.Blobs),
        (ulong)Math.Max(0, _share?.StoredBytes ?? _ledger.Bytes),
        (ulong)_counters.Deposits,
        (ulong)_counters.Fetches,
        (ulong)_counters.Uptime.TotalSeconds);
}
