using System.Net;
using Microsoft.AspNetCore.Http;

namespace Pvtcoms.Relay.Http;

/// <summary>
/// Whether a connection comes from this machine's loopback. Reads only the connection's own addresses:
/// forwarding headers (X-Forwarded-For, Forwarded) are never consulted, so they cannot grant access.
/// </summary>
public static class LoopbackOnly
{
    public static bool IsLoopbackConnection(ConnectionInfo connection) =>
        IsLoopback(connection.RemoteIpAddress) && IsLoopback(connection.LocalIpAddress);

    public static bool IsLoopback(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return IPAddress.IsLoopback(address);
    }
}
