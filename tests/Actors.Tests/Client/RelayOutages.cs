using Pvtcoms.Actors.Tests.Support;
using Pvtcoms.Actors.Transport;
using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Actors.Tests.Client;

/// <summary>
/// The in-memory relays with per-relay outages: every call to a relay that is <see cref="Down"/> is a transient
/// failure (no connection) and reaches nothing; calls to the other relays go through. Counts the calls per relay.
/// </summary>
public sealed class RelayOutages(InMemoryRelayTransport relays) : IRelayTransport
{
    private readonly object _gate = new();
    private readonly HashSet<string> _down = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _fetches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _depositAttempts = new(StringComparer.Ordinal);

    public InMemoryRelayTransport Relays { get; } = relays;

    public void Down(string relay)
    {
        lock (_gate)
        {
            _down.Add(relay);
        }
    }

    public void Up(string relay)
    {
        lock (_gate)
        {
            _down.Remove(relay);
        }
    }

    /// <summary>Fetches that reached <paramref name="relay"/> (it was up).</summary>
    public int FetchesAt(string relay) => Count(_fetches, relay);

    /// <summary>Deposits tried at <paramref name="relay"/>, reached or not.</summary>
    public int DepositAttemptsAt(string relay) => Count(_depositAttempts, relay);

    public Task<DepositOutcome> DepositAsync(RelayEndpoint relay, byte[] token, byte[] blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relay);
        Increment(_depositAttempts, relay.Address);
        return IsDown(relay) ? Task.FromResult(DepositOutcome.Transient()) : Relays.DepositAsync(relay, token, blob, cancellationToken);
    }

    public Task<FetchOutcome> FetchAsync(RelayEndpoint relay, IReadOnlyList<byte[]> tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relay);
        if (IsDown(relay))
        {
            return Task.FromResult(FetchOutcome.Transient());
        }

        Increment(_fetches, relay.Address);
        return Relays.FetchAsync(relay, tokens, cancellationToken);
    }

    public Task<ConfirmOutcome> ConfirmAsync(RelayEndpoint relay, IReadOnlyList<byte[]> blobIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relay);
        return IsDown(relay) ? Task.FromResult(ConfirmOutcome.Transient()) : Relays.ConfirmAsync(relay, blobIds, cancellationToken);
    }

    private bool IsDown(RelayEndpoint relay)
    {
        lock (_gate)
        {
            return _down.Contains(relay.Address);
        }
    }

    private void Increment(Dictionary<string, int> counts, string relay)
    {
        lock (_gate)
        {
            counts[relay] = counts.GetValueOrDefault(relay) + 1;
        }
    }

    private int Count(Dictionary<string, int> counts, string relay)
    {
        lock (_gate)
        {
            return counts.GetValueOrDefault(relay);
        }
    }
}
