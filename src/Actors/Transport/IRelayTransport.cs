using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Actors.Transport;

/// <summary>
/// The client's three relay calls (docs/RELAY.md). Implementations never throw for network failures or relay
/// refusals — they return typed outcomes; they throw only on caller bugs (wrong sizes) and cancellation.
/// Thread-safe.
/// </summary>
public interface IRelayTransport
{
    /// <summary>Deposits one bucket-sized blob under a 32-byte token; the implementation stamps the proof of work.</summary>
    Task<DepositOutcome> DepositAsync(RelayEndpoint relay, byte[] token, byte[] blob, CancellationToken cancellationToken);

    /// <summary>Fetches what waits under 1..64 distinct tokens; removes nothing.</summary>
    Task<FetchOutcome> FetchAsync(RelayEndpoint relay, IReadOnlyList<byte[]> tokens, CancellationToken cancellationToken);

    /// <summary>Burns 1..64 distinct fetched blob ids (16 bytes each).</summary>
    Task<ConfirmOutcome> ConfirmAsync(RelayEndpoint relay, IReadOnlyList<byte[]> blobIds, CancellationToken cancellationToken);
}
