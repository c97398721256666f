using System.Net;
using System.Net.Sockets;

namespace Pvtcoms.Actors.Transport;

/// <summary>
/// The default connect callback of <see cref="HttpRelayTransport"/> when no Tor dialer is given (CLI, desktop,
/// testbed): loopback relays (127.0.0.1, ::1, localhost) are dialled directly; anything else — an onion relay —
/// fails closed before any name resolution: never a clearnet connection, never a DNS lookup of an onion name
/// (ADR 0061). Reaching an onion relay needs <see cref="HttpRelayTransport.ThroughDialer"/>.
/// </summary>
public static class LoopbackOnlyConnect
{
    /// <summary>The loopback address a relay host names, or null when it is not a loopback host (no lookup is made).</summary>
    public static IPAddress? LoopbackAddress(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var bare = host.Trim('[', ']');
        return string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(bare, out var parsed) && IPAddress.IsLoopback(parsed) ? parsed
            : null;
    }

    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A connection to a loopback <paramref name="host"/>; anything else fails before any lookup.</summary>
    public static async ValueTask<Stream> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var address = LoopbackAddress(host);
        if (address is null)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "Only loopback relays are reachable without Tor.");
        }

        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
