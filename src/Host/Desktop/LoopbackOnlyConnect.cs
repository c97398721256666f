using System.Net;
using System.Net.Sockets;

namespace Pvtcoms.Host.Desktop;

/// <summary>
/// The desktop's connect callback for relay HTTP: loopback relays are dialled directly; anything else (an onion
/// relay) fails closed, because Tor is not wired into desktop mode yet — never a clearnet DNS lookup of an onion.
/// </summary>
public static class LoopbackOnlyConnect
{
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var address = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) && IPAddress.IsLoopback(parsed) ? parsed
            : null;
        if (address is null)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "Only loopback relays are reachable in desktop mode (no Tor yet).");
        }

        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
