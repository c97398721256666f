using Pvtcoms.Actors.Transport;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.ClientScale;

/// <summary>
/// A relay that answers at once and stores nothing: deposits and confirms are Ok, a fetch returns nothing — or,
/// while <see cref="Touching"/> is set, one undecryptable smallest-bucket blob under every token asked for, so a
/// single poll routes a message to (and so starts) every contact actor without changing any stored state.
/// Counts the calls it answered.
/// </summary>
internal sealed class NoopRelayTransport : IRelayTransport
{
    private long _fetches;
    private long _deposits;

    public bool Touching { get; set; }

    public long Fetches => Interlocked.Read(ref _fetches);

    public long Deposits => Interlocked.Read(ref _deposits);

    public Task<DepositOutcome> DepositAsync(RelayEndpoint relay, byte[] token, byte[] blob, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _deposits);
        return Task.FromResult(DepositOutcome.Ok);
    }

    public Task<FetchOutcome> FetchAsync(RelayEndpoint relay, IReadOnlyList<byte[]> tokens, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _fetches);
        if (!Touching)
        {
            return Task.FromResult(FetchOutcome.Fetched([]));
        }

        var blobs = new List<FetchedBlob>(tokens.Count);
        var id = new byte[RelayLimits.BlobIdSize];
        var body = new byte[RelayLimits.SmallestBucket];
        foreach (var token in tokens)
        {
            SystemEntropy.Instance.Fill(id);
            SystemEntropy.Instance.Fill(body);
            blobs.Add(new FetchedBlob(id, token, body));
        }

        return Task.FromResult(FetchOutcome.Fetched(blobs));
    }

    public Task<ConfirmOutcome> ConfirmAsync(RelayEndpoint relay, IReadOnlyList<byte[]> blobIds, CancellationToken cancellationToken) =>
        Task.FromResult(ConfirmOutcome.Ok);
}
