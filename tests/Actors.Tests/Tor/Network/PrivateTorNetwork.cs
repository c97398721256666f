using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pvtcoms.Tests.Shared;

namespace Pvtcoms.Actors.Tests.Tor.Network;

/// <summary>
/// A whole Tor network on 127.0.0.1 (docs/shared TOR_TESTNET.md): 3 directory authorities with keys made by
/// tor-gencert and fast voting timings, 4 relays (exits limited to 127.0.0.0/8), all TestingTorNetwork 1.
/// Started once per test run; ready when an authority's consensus lists every node with the HSDir flag;
/// hands out the torrc lines an app tor needs to join; every tor is stopped by its own pid at the end.
/// </summary>
public sealed class PrivateTorNetwork : IAsyncLifetime
{
    public const int Authorities = 3;
    public const int Relays = 4;

    private static readonly TimeSpan s_consensusDeadline = TimeSpan.FromSeconds(90);

    private readonly List<TestTorNode> _nodes = [];
    private readonly List<string> _dirAuthorityLines = [];
    private readonly List<int> _dirPorts = [];

    public string Root { get; } = Directory.CreateTempSubdirectory("pvtcoms-tornet-").FullName;

    /// <summary>How long from the first tor started to a consensus listing every node.</summary>
    public TimeSpan TimeToConsensus { get; private set; }

    /// <summary>What an app tor adds to its torrc to use this network instead of the real one.</summary>
    public IReadOnlyList<string> ClientTorrcLines =>
    [
        "TestingTorNetwork 1",
        .. _dirAuthorityLines,
        "UseMicrodescriptors 0",
        "PathsNeededToBuildCircuits 0.67",
        "NumCPUs 1",
        "GeoIPFile \"\"",
        "GeoIPv6File \"\"",
        "ShutdownWaitLength 0",
    ];

    public async Task InitializeAsync()
    {
        // A port can still be taken by another process between our trial bind and tor's bind; tor then exits
        // with "Address already in use". That is the harness's luck, not tor's behaviour: start over on fresh
        // ports (at most three times) instead of failing every test in the collection.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartAsync();
                return;
            }
            catch (PortTakenException) when (attempt < 3)
            {
                Console.WriteLine($"[PrivateTorNetwork] a listener port was taken by another process; restarting the network (attempt {attempt + 1})");
                await Task.WhenAll(_nodes.Select(n => n.StopAsync()));
                _nodes.Clear();
                _dirAuthorityLines.Clear();
                _dirPorts.Clear();
                foreach (var dir in Directory.EnumerateDirectories(Root))
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
        }
    }

    private async Task StartAsync()
    {
        var clock = Stopwatch.StartNew();
        var nicknames = Enumerable.Range(0, Authorities).Select(i => $"auth{i}")
            .Concat(Enumerable.Range(0, Relays).Select(i => $"relay{i}")).ToList();
        var ports = nicknames.ToDictionary(n => n, _ => (Or: LoopbackPorts.Reserve(), Dir: LoopbackPorts.Reserve()));

        await Task.WhenAll(Enumerable.Range(0, Authorities).Select(i => CreateAuthorityKeysAsync($"auth{i}", ports[$"auth{i}"])));
        foreach (var nick in nicknames.Take(Authorities))
        {
            var dir = NodeDirectory(nick);
            var v3ident = File.ReadLines(Path.Combine(dir, "keys", "authority_certificate"))
                .First(l => l.StartsWith("fingerprint ", StringComparison.Ordinal))["fingerprint ".Length..].Trim();
            var fingerprint = await RelayFingerprintAsync(nick, ports[nick].Or);
            _dirAuthorityLines.Add(string.Create(CultureInfo.InvariantCulture,
                $"DirAuthority {nick} orport={ports[nick].Or} no-v2 v3ident={v3ident} 127.0.0.1:{ports[nick].Dir} {fingerprint}"));
            _dirPorts.Add(ports[nick].Dir);
        }

        var start = Stopwatch.StartNew();
        foreach (var nick in nicknames)
        {
            var isAuthority = nick.StartsWith("auth", StringComparison.Ordinal);
            Directory.CreateDirectory(NodeDirectory(nick));
            _nodes.Add(TestTorNode.Start(nick, NodeDirectory(nick), NodeTorrc(nick, ports[nick].Or, ports[nick].Dir, isAuthority)));
        }

        await WaitForConsensusAsync(nicknames);
        TimeToConsensus = start.Elapsed;
        Console.WriteLine($"[PrivateTorNetwork] keys+fingerprints {clock.Elapsed - start.Elapsed:g}; consensus listing all {nicknames.Count} nodes after {TimeToConsensus.TotalSeconds:F1} s");
    }

    private string NodeDirectory(string nick) => Path.Combine(Root, nick);

    private async Task CreateAuthorityKeysAsync(string nick, (int Or, int Dir) ports)
    {
        var keys = Path.Combine(NodeDirectory(nick), "keys");
        Assert.False(OperatingSystem.IsWindows(), "the private Tor network runs on Linux");
        if (!OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(NodeDirectory(nick), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Directory.CreateDirectory(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo("tor-gencert")
        {
            WorkingDirectory = keys,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     "--create-identity-key", "--passphrase-fd", "0", "-m", "12",
                     "-a", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{ports.Dir}"),
                     "-i", "authority_identity_key", "-s", "authority_signing_key", "-c", "authority_certificate",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var (code, output) = await RunAsync(start, "\n");
        Assert.True(code == 0, $"tor-gencert for {nick} failed: {output}");
    }

    private async Task<string> RelayFingerprintAsync(string nick, int orPort)
    {
        var start = new ProcessStartInfo("tor")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     "--quiet", "--ignore-missing-torrc", "--defaults-torrc", "/dev/null", "-f", "/dev/null",
                     "--list-fingerprint", "--ORPort", orPort.ToString(CultureInfo.InvariantCulture),
                     "--DataDirectory", NodeDirectory(nick), "--Nickname", nick,
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var (code, output) = await RunAsync(start, null);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(nick + " ", StringComparison.Ordinal));
        Assert.True(code == 0 && line is not null, $"tor --list-fingerprint for {nick} failed: {output}");
        return line![(nick.Length + 1)..].Replace(" ", string.Empty, StringComparison.Ordinal).Trim();
    }

    private static async Task<(int Code, string Output)> RunAsync(ProcessStartInfo start, string? stdin)
    {
        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private string NodeTorrc(string nick, int orPort, int dirPort, bool isAuthority)
    {
        var torrc = new StringBuilder();
        void Line(string text) => torrc.Append(text).Append('\n');
        Line("TestingTorNetwork 1");
        Line($"DataDirectory \"{NodeDirectory(nick)}\"");
        Line("Nickname " + nick);
        Line("ShutdownWaitLength 0");
        Line("AssumeReachable 1");
        Line("PathsNeededToBuildCircuits 0.67");
        Line("TestingDirAuthVoteExit *");
        Line("TestingDirAuthVoteGuard *");
        Line("TestingDirAuthVoteHSDir *");
        Line("TestingMinExitFlagThreshold 0");
        Line("V3AuthNIntervalsValid 2");
        Line("NumCPUs 1");
        Line("GeoIPFile \"\"");
        Line("GeoIPv6File \"\"");
        Line(string.Create(CultureInfo.InvariantCulture, $"__OwningControllerProcess {Environment.ProcessId}"));
        Line($"Log notice file {Path.Combine(NodeDirectory(nick), "notice.log")}");
        foreach (var authority in _dirAuthorityLines)
        {
            Line(authority);
        }

        Line("SocksPort 0");
        Line("Address 127.0.0.1");
        Line(string.Create(CultureInfo.InvariantCulture, $"ORPort 127.0.0.1:{orPort}"));
        Line(string.Create(CultureInfo.InvariantCulture, $"DirPort 127.0.0.1:{dirPort}"));
        Line("ContactInfo pvtcoms-test@127.0.0.1");
        if (isAuthority)
        {
            Line("ExitRelay 0");
            Line("ExitPolicy reject *:*");
            Line("AuthoritativeDirectory 1");
            Line("V3AuthoritativeDirectory 1");
            Line("TestingV3AuthInitialVotingInterval 5");
            Line("V3AuthVotingInterval 10");
            Line("TestingV3AuthInitialVoteDelay 2");
            Line("V3AuthVoteDelay 2");
            Line("TestingV3AuthInitialDistDelay 2");
            Line("V3AuthDistDelay 2");
        }
        else
        {
            Line("ExitRelay 1");
            Line("ExitPolicy accept 127.0.0.0/8:*");
            Line("ExitPolicy reject *:*");
        }

        return torrc.ToString();
    }

    /// <summary>Polls an authority's microdesc consensus every 0.5 s until every node is listed with HSDir.</summary>
    private async Task WaitForConsensusAsync(IReadOnlyList<string> nicknames)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < s_consensusDeadline)
        {
            foreach (var port in _dirPorts)
            {
                try
                {
                    var text = await http.GetStringAsync(
                        new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/tor/status-vote/current/consensus-microdesc")));
                    if (ListsEveryNodeAsHsDir(text, nicknames))
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }
            }

            if (_nodes.Find(n => n.HasExited) is { } dead)
            {
                var tail = dead.LogTail();
                if (tail.Contains("Address already in use", StringComparison.Ordinal))
                {
                    throw new PortTakenException();
                }

                Assert.Fail($"{dead.Nickname} exited while the network was starting:\n{dead.LogTail()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        Assert.Fail($"no consensus listing every node within {s_consensusDeadline}:\n" + string.Join("\n---\n", _nodes.Select(n => n.Nickname + ":\n" + n.LogTail())));
    }

    private static bool ListsEveryNodeAsHsDir(string consensus, IReadOnlyList<string> nicknames)
    {
        var flagged = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        foreach (var line in consensus.Split('\n'))
        {
            if (line.StartsWith("r ", StringComparison.Ordinal))
            {
                current = line.Split(' ')[1];
            }
            else if (line.StartsWith("s ", StringComparison.Ordinal) && current is not null && line.Split(' ').Contains("HSDir"))
            {
                flagged.Add(current);
            }
        }

        return nicknames.All(flagged.Contains);
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_nodes.Select(n => n.StopAsync()));
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A tor node of the test network could not bind its port because another process holds it.</summary>
internal sealed class PortTakenException : Exception
{
    public PortTakenException()
        : base("a tor node's listener port was taken by another process")
    {
    }
}

[CollectionDefinition(Name)]
public sealed class PrivateTorNetworkCollection : ICollectionFixture<PrivateTorNetwork>
{
    public const string Name = "PrivateTorNetwork";
}
