using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Pvtcoms.Host.Tests.Support;
using Xunit.Abstractions;

namespace Pvtcoms.Host.Tests;

/// <summary>
/// Issue 4 point 4, the two crash invariants of DESIGN §4, end to end: two profiles run as separate processes
/// (<c>pvtcoms soak</c>) sending m1..mN to each other through a relay process, while one of them is SIGKILLed at
/// random moments (22 times, alternating) and restarted. Then: every message a sender's user sent (SendAsync
/// returned) is in the receiver's history exactly once, with the sender's sequence numbers 1..N; no message key or
/// nonce was used twice (from the receiving side: no two different blobs carry the same encrypted ratchet header,
/// ADR 0010); both sessions still work after the last crash (all N arrive both ways).
/// </summary>
public sealed partial class CrashInvariantTests(RelayFixture relay, ITestOutputHelper output) : IClassFixture<RelayFixture>
{
    private const int MessagesPerSide = 30;
    private const int Kills = 22;

    [GeneratedRegex(@"<- #(\d+) \[received\] m(\d+)$", RegexOptions.Multiline)]
    private static partial Regex IncomingLine();

    [Fact]
    public async Task Messages_survive_repeated_SIGKILLs_exactly_once_in_sender_order_without_key_reuse()
    {
        var root = Path.Combine(relay.Root, "crash");
        var env = relay.ClientEnvironment(root);
        await MustAsync(env, "init", "--profile", "alice");
        await MustAsync(env, "init", "--profile", "bob");
        var invite = (await MustAsync(env, "invite", "--profile", "alice")).Out.Trim();
        await MustAsync(env, "accept", "--profile", "bob", invite, "--name", "alice");
        await MustAsync(env, "inbox", "--profile", "alice");

        var headers = new Dictionary<string, string>
        {
            ["alice"] = Path.Combine(root, "alice-received-headers.txt"),
            ["bob"] = Path.Combine(root, "bob-received-headers.txt"),
        };
        var peers = new Dictionary<string, string> { ["alice"] = "bob", ["bob"] = "alice" };
        var sides = peers.Keys.ToDictionary(name => name, name => new SoakProcess(env, name, peers[name], MessagesPerSide, headers[name]));
        try
        {
            foreach (var side in sides.Values)
            {
                side.Start();
            }

            for (var kill = 0; kill < Kills; kill++)
            {
                var victim = sides[kill % 2 == 0 ? "alice" : "bob"];
                await Task.Delay(Random.Shared.Next(300, 2500));
                victim.Kill(counted: true);
                victim.Start();
            }

            var clock = Stopwatch.StartNew();
            while (sides.Values.Any(s => s.Have < MessagesPerSide))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3),
                    $"after the last kill, not every message arrived: alice has {sides["alice"].Have}, bob has {sides["bob"].Have} of {MessagesPerSide}");
                foreach (var side in sides.Values.Where(s => s.HasExited))
                {
                    Assert.Fail($"{side.Name} exited on its own:\n{side.Log}");
                }

                await Task.Delay(200);
            }

            output.WriteLine($"all messages arrived {clock.Elapsed.TotalSeconds:F1} s after the last of {Kills} kills");
        }
        finally
        {
            foreach (var side in sides.Values)
            {
                side.Kill(counted: false);
            }
        }

        foreach (var (name, peer) in peers)
        {
            var sent = sides[peer].SentBySender;
            var inbox = await MustAsync(env, "inbox", "--profile", name, "--contact", peer, "--last", "10000");
            var received = IncomingLine().Matches(inbox.Out)
                .Select(m => (Sequence: long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), K: int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
                .ToList();

            Assert.Equal(MessagesPerSide, received.Count);
            Assert.Equal(Enumerable.Range(1, MessagesPerSide), received.Select(r => r.K).Order());
            Assert.All(received, r => Assert.Equal(r.K, r.Sequence));
            Assert.Equal(Enumerable.Range(1, MessagesPerSide), received.OrderBy(r => r.Sequence).Select(r => r.K));
            Assert.All(sent, k => Assert.Contains(k, received.Select(r => r.K)));
            output.WriteLine($"{name} received {received.Count} messages from {peer}; {peer}'s user saw {sent.Count} sends acknowledged; arrival order {(received.Select(r => r.K).SequenceEqual(Enumerable.Range(1, MessagesPerSide)) ? "= sender order" : "differs from sender order (sequence numbers restore it)")}");

            var blobsByHeader = File.ReadAllLines(headers[name])
                .Select(line => line.Split(' '))
                .GroupBy(parts => parts[0], parts => parts[1])
                .ToList();
            Assert.True(blobsByHeader.Count >= MessagesPerSide, $"{name} recorded only {blobsByHeader.Count} ratchet headers");
            var reused = blobsByHeader.Where(g => g.Distinct().Count() > 1).ToList();
            Assert.True(reused.Count == 0, $"{name} received {reused.Count} encrypted headers in two different blobs: a message key and nonce were used twice");
        }

        Assert.Equal(Kills, sides.Values.Sum(s => s.Kills));
    }

    private static async Task<PvtcomsCli.Result> MustAsync(IReadOnlyDictionary<string, string> env, params string[] args)
    {
        var result = await PvtcomsCli.RunAsync(env, args);
        Assert.True(result.ExitCode == 0, $"pvtcoms {args[0]}: {result}");
        return result;
    }

    /// <summary>One side's <c>pvtcoms soak</c> process, restarted after each kill; remembers what its user was told was sent.</summary>
    private sealed class SoakProcess(IReadOnlyDictionary<string, string> env, string name, string peer, int count, string headers)
    {
        private readonly ConcurrentBag<int> _sent = [];
        private readonly ConcurrentQueue<string> _log = new();
        private Process? _process;
        private volatile int _have;

        public string Name => name;

        public int Have => _have;

        public int Kills { get; private set; }

        public bool HasExited => _process?.HasExited ?? true;

        public IReadOnlyCollection<int> SentBySender => _sent.Distinct().ToList();

        public string Log => string.Join('\n', _log);

        public void Start()
        {
            _have = 0;
            var process = Process.Start(PvtcomsCli.StartInfo(env, "soak", "--profile", name, "--peer", peer,
                "--count", count.ToString(CultureInfo.InvariantCulture), "--record-headers", headers))!;
            process.StandardInput.Close();
            process.OutputDataReceived += (_, e) => Record(e.Data);
            process.ErrorDataReceived += (_, e) => Record(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
        }

        private void Record(string? line)
        {
            if (line is null)
            {
                return;
            }

            _log.Enqueue(line);
            if (line.StartsWith("SENT ", StringComparison.Ordinal))
            {
                _sent.Add(int.Parse(line.AsSpan(5), CultureInfo.InvariantCulture));
            }
            else if (line.StartsWith("HAVE ", StringComparison.Ordinal))
            {
                _have = int.Parse(line.AsSpan(5), CultureInfo.InvariantCulture);
            }
        }

        /// <summary>SIGKILL: no chance to flush, commit or answer anything.</summary>
        public void Kill(bool counted)
        {
            if (_process is { HasExited: false } process)
            {
                process.Kill(entireProcessTree: false);
                process.WaitForExit();
                Kills += counted ? 1 : 0;
            }

            _process?.Dispose();
            _process = null;
        }
    }
}
