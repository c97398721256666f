using System.Net;
using System.Threading.Channels;
using Pvtcoms.Protocol.Onion;

namespace Pvtcoms.Actors.Tor;

/// <summary>One running, authenticated tor: what the supervisor needs from it (faked in actor tests).</summary>
public interface ITorSession : IAsyncDisposable
{
    /// <summary>tor's SOCKS port (loopback, read back from GETINFO net/listeners/socks).</summary>
    IPEndPoint SocksEndPoint { get; }

    /// <summary>The tor process id, or null when there is no process (fakes).</summary>
    int? ProcessId { get; }

    /// <summary>The phase at the moment the session was set up.</summary>
    BootstrapProgress InitialBootstrap { get; }

    /// <summary>Every later bootstrap phase tor reports; completes when the session ends.</summary>
    ChannelReader<BootstrapProgress> BootstrapUpdates { get; }

    /// <summary>Completes when tor exits or its control connection closes.</summary>
    Task Ended { get; }

    /// <summary>
    /// ADD_ONION with the app's own key; returns the address tor reports, which must equal the one
    /// computed locally from the key (<see cref="TorFailure.ServiceIdMismatch"/> otherwise).
    /// </summary>
    Task<TorResult<OnionAddress>> AddOnionServiceAsync(OnionServiceKey key, int virtualPort, IPEndPoint target, CancellationToken cancellationToken);

    /// <summary>
    /// <c>SIGNAL NEWNYM</c> (<see cref="Control.TorSignals.NewnymAsync"/>): tor forgets its cached onion-client state and
    /// stops attaching new streams to circuits that carried one. <see cref="TorFailure.None"/> when tor accepted it.
    /// </summary>
    Task<TorFailure> SignalNewnymAsync(CancellationToken cancellationToken);
}

/// <summary>Starts tor sessions (the real launcher, or a fake in tests).</summary>
public interface ITorLauncher
{
    Task<TorResult<ITorSession>> LaunchAsync(CancellationToken cancellationToken);
}
