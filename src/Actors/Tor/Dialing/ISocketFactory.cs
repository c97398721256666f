using System.Net;
using System.Net.Sockets;

namespace Pvtcoms.Actors.Tor.Dialing;

/// <summary>Opens TCP connections. The only place a socket is made, so a test can watch every one.</summary>
public interface ISocketFactory
{
    /// <summary>Connects to an IP end point (or, only when direct TCP is explicitly allowed, a DNS end point).</summary>
    Task<Stream> ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken);
}

/// <summary>Plain sockets.</summary>
public sealed class SystemSocketFactory : ISocketFactory
{
    public static readonly SystemSocketFactory Instance = new();

    public async Task<Stream> ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var socket = endPoint is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.NoDelay = true;
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
