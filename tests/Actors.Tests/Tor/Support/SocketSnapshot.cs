using System.Diagnostics;
using System.Net;

namespace Pvtcoms.Actors.Tests.Tor.Support;

/// <summary>What `ss -tanp` says this process's TCP sockets are connected to (peer addresses).</summary>
internal static class SocketSnapshot
{
    public static IReadOnlyList<string> PeerAddressesOf(int processId)
    {
        var start = new ProcessStartInfo("ss", "-tanpH") { RedirectStandardOutput = true, UseShellExecute = false };
        using var ss = Process.Start(start)!;
        var output = ss.StandardOutput.ReadToEnd();
        ss.WaitForExit();
        var marker = $"pid={processId},";
        return output.Split('\n')
            .Where(line => line.Contains(marker, StringComparison.Ordinal))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(columns => columns.Length >= 5)
            .Select(columns => columns[4])
            .ToList();
    }

    /// <summary>True for a peer column that is loopback or the wildcard of a listening socket.</summary>
    public static bool IsLoopbackOrWildcard(string peer)
    {
        if (peer is "*:*" or "0.0.0.0:*" or "[::]:*" || peer.EndsWith(":*", StringComparison.Ordinal))
        {
            return true;
        }

        var host = peer[..peer.LastIndexOf(':')].Trim('[', ']');
        if (host.StartsWith("::ffff:", StringComparison.Ordinal))
        {
            host = host["::ffff:".Length..];
        }

        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }
}
