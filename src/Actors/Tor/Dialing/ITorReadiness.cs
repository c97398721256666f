using System.Net;

namespace Pvtcoms.Actors.Tor.Dialing;

/// <summary>Whether tor can carry a connection now, and where its SOCKS port is.</summary>
public interface ITorReadiness
{
    /// <summary>tor's SOCKS end point when tor is bootstrapped (100 %), otherwise null.</summary>
    IPEndPoint? SocksEndPointIfReady { get; }
}

/// <summary>Written by the <see cref="Supervision.TorSupervisorActor"/>, read by the dialer from any thread.</summary>
public sealed class TorReadiness : ITorReadiness
{
    private volatile IPEndPoint? _socks;

    public IPEndPoint? SocksEndPointIfReady => _socks;

    public void MarkReady(IPEndPoint socks) => _socks = socks ?? throw new ArgumentNullException(nameof(socks));

    public void MarkNotReady() => _socks = null;
}
