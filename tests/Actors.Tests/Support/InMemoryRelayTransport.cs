using System.Security.Cryptography;
using Pvtcoms.Actors.Transport;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.Actors.Tests.Support;

/// <summary>
/// The relay's semantics in memory, for every relay address at once: deposit stores under (relay, token) unless
/// the same blob is pending or was burned there (the relay's 409 duplicate, reported as Ok like the HTTP
/// transport does); fetch returns without removing (≤ 64 blobs); confirm burns; unknown ids are ignored.
/// Fault switches: <see cref="Offline"/>, <see cref="FailDeposits"/>, <see cref="LoseDepositAcks"/>,
/// <see cref="DropConfirms"/>, <see cref="RefuseDeposits"/>.
/// </summary>
public sealed class InMemoryRelayTransport : IRelayTransport
{
    private readonly object _gate = new();
    private readonly List<Entry> _pending = [];
    private readonly HashSet<string> _burned = new(StringComparer.Ordinal);

    /// <summary>Every call is a transient failure (no connection).</summary>
    public bool Offline { get; set; }

    /// <summary>Deposits fail transiently and store nothing.</summary>
    public bool FailDeposits { get; set; }

    /// <summary>Deposits are stored but the answer is lost (reported as a transient failure).</summary>
    public bool LoseDepositAcks { get; set; }

    /// <summary>Confirms answer Ok but burn nothing (the confirm was lost on the way).</summary>
    public bool DropConfirms { get; set; }

    /// <summary>Deposits are refused for good with this reason.</summary>
    public RelayRejection? RefuseDeposits { get; set; }

    public int DepositsStored { get; private set; }

    public int Burned { get; private set; }

    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Blobs pending on one relay.</summary>
    public int PendingOn(string relay)
    {
        lock (_gate)
        {
            return _pending.Count(e => e.Relay == relay);
        }
    }

    /// <summary>Blobs pending under one token on one relay.</summary>
    public int PendingUnder(string relay, byte[] token)
    {
        lock (_gate)
        {
            return _pending.Count(e => e.Relay == relay && e.Token.AsSpan().SequenceEqual(token));
        }
    }

    /// <summary>Stores a blob directly (a hostile depositor, who skips nothing the relay checks but the PoW).</summary>
    public void Inject(string relay, byte[] token, byte[] blob)
    {
        lock (_gate)
        {
            Store(relay, token, blob);
        }
    }

    public Task<DepositOutcome> DepositAsync(RelayEndpoint relay, byte[] token, byte[] blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relay);
        if (token.Length != RelayLimits.TokenSize || !RelayLimits.IsBucketSize(blob.Length))
        {
            throw new ArgumentException("Caller bug: token or blob size.");
        }

        lock (_gate)
        {
            if (Offline || FailDeposits)
            {
                return Task.FromResult(DepositOutcome.Transient());
            }

            if (RefuseDeposits is { } reason)
            {
                return Task.FromResult(DepositOutcome.Refused(reason));
            }

            Store(relay.Address, token, blob);
            return Task.FromResult(LoseDepositAcks ? DepositOutcome.Transient() : DepositOutcome.Ok);
        }
    }

    public Task<FetchOutcome> FetchAsync(RelayEndpoint relay, IReadOnlyList<byte[]> tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relay);
        _ = new FetchRequest(tokens); // the same caller checks as the wire format
        lock (_gate)
        {
            if (Offline)
            {
                return Task.FromResult(FetchOutcome.Transient());
            }

            var blobs = new List<FetchedBlob>();
            foreach (var token in tokens)
            {
                foreach (var entry in _pending.Where(e => e.Relay == relay.Address && e.Token.AsSpan().SequenceEqual(token)))
                {
                    if (blobs.Count < RelayLimits.MaxBlobsPerFetch)
                    {
                        blobs.Add(new FetchedBlob(entry.Id, entry.Token, entry.Blob));
                    }
                }
            }

            return Task.FromResult(FetchOutcome.Fetched(blobs));
        }
    }

    public Task<ConfirmOutcome> ConfirmAsync(RelayEndpoint relay, IReadOnlyList<byte[]> blobIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relay);
        _ = new ConfirmRequest(blobIds);
        lock (_gate)
        {
            if (Offline)
            {
                return Task.FromResult(ConfirmOutcome.Transient());
            }

            if (DropConfirms)
            {
                return Task.FromResult(ConfirmOutcome.Ok);
            }

            foreach (var id in blobIds)
            {
                var index = _pending.FindIndex(e => e.Relay == relay.Address && e.Id.AsSpan().SequenceEqual(id));
                if (index >= 0)
                {
                    _burned.Add(_pending[index].Key);
                    _pending.RemoveAt(index);
                    Burned++;
                }
            }

            return Task.FromResult(ConfirmOutcome.Ok);
        }
    }

    private void Store(string relay, byte[] token, byte[] blob)
    {
        var key = relay + "/" + Convert.ToHexString(token) + "/" + Convert.ToHexString(SHA256.HashData(blob));
        if (_burned.Contains(key) || _pending.Any(e => e.Key == key))
        {
            return; // the relay's duplicate check
        }

        var id = new byte[RelayLimits.BlobIdSize];
        RandomNumberGenerator.Fill(id);
        _pending.Add(new Entry(relay, [.. token], [.. blob], id, key));
        DepositsStored++;
    }

    private sealed record Entry(string Relay, byte[] Token, byte[] Blob, byte[] Id, string Key);
}
