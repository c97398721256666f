using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Pvtcoms.Actors.Tests.Tor.Support;

/// <summary>
/// The peers of this process's TCP sockets, seen from outside the code under test: the kernel's socket
/// tables (/proc/net/tcp{,6}) joined with our open file descriptors, and `ss -tanp` as a second opinion
/// when it is installed.
/// </summary>
internal static class SocketSnapshot
{
    /// <summary>Remote addresses of every TCP socket this process holds (0.0.0.0 / :: for listeners).</summary>
    public static IReadOnlyList<IPAddress> PeersOfThisProcess()
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target["socket:[".Length..^1]);
                }
            }
            catch (IOException)
            {
                // The descriptor closed while we looked.
            }
        }

        var peers = new List<IPAddress>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length > 9 && inodes.Contains(columns[9]))
                {
                    peers.Add(ParseKernelAddress(columns[2]));
                }
            }
        }

        peers.AddRange(PeersFromSs());
        return peers;
    }

    public static bool IsLoopbackOrUnspecified(IPAddress address) =>
        IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
        || (address.IsIPv4MappedToIPv6 && IsLoopbackOrUnspecified(address.MapToIPv4()));

    /// <summary>"0100007F:1F90" (IPv4) or 32 hex digits (IPv6), each 32-bit word in host (little-endian) order.</summary>
    private static IPAddress ParseKernelAddress(string column)
    {
        var hex = column[..column.IndexOf(':', StringComparison.Ordinal)];
        var bytes = Convert.FromHexString(hex);
        for (var word = 0; word < bytes.Length; word += 4)
        {
            Array.Reverse(bytes, word, 4);
        }

        return new IPAddress(bytes);
    }

    private static IEnumerable<IPAddress> PeersFromSs()
    {
        if (!File.Exists("/usr/bin/ss") && !File.Exists("/bin/ss"))
        {
            return [];
        }

        var start = new ProcessStartInfo("ss", "-tanpH") { RedirectStandardOutput = true, UseShellExecute = false };
        using var ss = Process.Start(start)!;
        var output = ss.StandardOutput.ReadToEnd();
        ss.WaitForExit();
        var marker = string.Create(CultureInfo.InvariantCulture, $"pid={Environment.ProcessId},");
        return output.Split('\n')
            .Where(line => line.Contains(marker, StringComparison.Ordinal))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(columns => columns.Length >= 5)
            .Select(columns => ParseSsPeer(columns[4]))
            .ToList();
    }

    private static IPAddress ParseSsPeer(string peer)
    {
        var host = peer[..peer.LastIndexOf(':')].Trim('[', ']');
        var scope = host.IndexOf('%', StringComparison.Ordinal);
        if (scope >= 0)
        {
            host = host[..scope];
        }

        return host == "*" ? IPAddress.Any : IPAddress.Parse(host);
    }
}
