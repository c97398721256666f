using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Pvtcoms.Actors.Tor.Dialing;

namespace Pvtcoms.Actors.Tests.Tor.Support;

/// <summary>
/// Wraps the real factory and records every end point a socket was asked for. Non-loopback targets are
/// recorded and refused without touching the network, so a test can see an attempt without making one.
/// </summary>
internal sealed class RecordingSocketFactory : ISocketFactory
{
    public ConcurrentQueue<EndPoint> Attempts { get; } = new();

    public IEnumerable<EndPoint> NonLoopbackAttempts =>
        Attempts.Where(e => e is not IPEndPoint ip || !IPAddress.IsLoopback(ip.Address));

    public Task<Stream> ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken)
    {
        Attempts.Enqueue(endPoint);
        if (endPoint is IPEndPoint ip && IPAddress.IsLoopback(ip.Address))
        {
            return SystemSocketFactory.Instance.ConnectAsync(endPoint, cancellationToken);
        }

        throw new SocketException((int)SocketError.NetworkUnreachable);
    }
}
