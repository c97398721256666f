using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Transport;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.Actors.Client;

/// <summary>What every client actor shares: the store, the transport, entropy, the clock and the options.</summary>
internal sealed record ClientContext(ClientNodeOptions Options, IRelayTransport Transport)
{
    public IClientStore Store => Options.Store;

    public IEntropy Entropy => Options.Entropy;

    public TimeProvider Time => Options.Time;

    /// <summary>The own relays: which are polled, what was seen of them, where a deposit goes now (ADR 0087).</summary>
    public RelayFailover Relays { get; } = RelayFailover.For(Options);

    /// <summary>The token epoch now (both sides of a conversation use the same epoch length).</summary>
    public ulong TokenEpoch => RelayEpoch.FromUnixSeconds(Math.Max(0, Time.GetUtcNow().ToUnixTimeSeconds()), Options.TokenEpochSeconds);
}
