using System.Net;
using System.Net.Sockets;

namespace Pvtcoms.Tests.Shared;

/// <summary>
/// Hands out TCP ports on 127.0.0.1 for services a test starts (relay, tor nodes, UI).
/// Ports come from 20000..31999, below Linux's ephemeral range (32768..60999): a port the kernel hands to an
/// outgoing connection (tor nodes dialling each other, HTTP clients) can then never take a port we reserved
/// between the reservation and the service binding it. Each process starts at its own random offset and never
/// hands out the same port twice, and a port is only handed out after a trial bind succeeds.
/// </summary>
public static class LoopbackPorts
{
    private const int First = 20000;
    private const int Count = 12000;

    private static readonly Lock s_gate = new();
    private static readonly HashSet<int> s_handedOut = [];
    private static int s_next = Random.Shared.Next(Count);

    public static int Reserve()
    {
        lock (s_gate)
        {
            for (var attempt = 0; attempt < Count; attempt++)
            {
                var port = First + s_next;
                s_next = (s_next + 1) % Count;
                if (s_handedOut.Contains(port) || !IsFree(port))
                {
                    continue;
                }

                s_handedOut.Add(port);
                return port;
            }
        }

        throw new InvalidOperationException("no free loopback port in 20000..31999");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            probe.ExclusiveAddressUse = true;
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
