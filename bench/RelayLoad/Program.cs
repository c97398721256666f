using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.RelayLoad;

/// <summary>
/// Load generator for the relay: starts <c>dotnet pvtcoms.dll relay</c> on loopback (its own process, its own
/// temporary data directory) or uses <c>--url</c>, then runs deposits and then fetch+confirm with N concurrent
/// HTTP/1.1 clients, bounded in count and in time, and prints throughput, p50/p99 latency and the relay's RSS.
/// <c>--fill M</c> first stores M blobs under M idle tokens to measure memory with many stored blobs;
/// <c>--relay-env NAME=VALUE</c> (repeatable) sets an environment variable for the relay process only;
/// <c>--client raw|httpclient</c> chooses how deposits are sent: pre-built requests over plain keep-alive sockets
/// (<see cref="RawHttpConnection"/>, the default, cheap enough to leave the relay most of a shared machine) or
/// <see cref="HttpClient"/> (fetch and confirm always use <see cref="HttpClient"/>);
/// <c>--warmup W</c> first runs W unmeasured deposits (to other tokens) so that the relay's JIT has settled;
/// <c>--targets url1,url2,url3</c> spreads the load over the HTTP fronts of a running relay cluster (deposit i goes
/// to front i mod N; token t is fetched and confirmed on front (t + 1) mod N, mostly not where its blobs were
/// deposited) instead of starting a relay (<c>bench/RelayLoad/cluster.sh</c> starts PostgreSQL and N nodes).
/// </summary>
public static class Program
{
    /// <summary>Read once by the runtime's socket engine, at its first use: set before any socket is opened.</summary>
    private const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static async Task<int> Main(string[] args)
    {
        // The generator's socket completions run on the socket engine's thread instead of hopping to the thread pool:
        // its work per response is a few lines (take the time, send the next pre-built request), so the hop would cost
        // more than the work, on the cores the relay is being measured on. The relay does not inherit this.
        Environment.SetEnvironmentVariable(InlineSocketCompletions, "1");
        var options = Options.Parse(args);
        Process? relay = null;
        var dataDir = Directory.CreateTempSubdirectory("pvtcoms-relayload-").FullName;
        try
        {
            Uri url;
            if (options.Targets.Count > 0)
            {
                url = options.Targets[0];
            }
            else if (options.Url is { } given)
            {
                url = given;
            }
            else
            {
                var port = FreePort();
                relay = StartRelay(options.HostDll ?? FindHostDll(), dataDir, port, options.Pow, options.RelayEnvironment);
                url = new Uri($"http://127.0.0.1:{port}");
                await WaitReadyAsync(url, relay);
            }

            var http = (options.Targets.Count > 0 ? options.Targets : [url])
                .Select(target => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, UseProxy = false })
                {
                    BaseAddress = target,
                    Timeout = TimeSpan.FromSeconds(60),
                })
                .ToArray();

            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
            Console.WriteLine($"relay: {string.Join(',', http.Select(h => h.BaseAddress))} pow={options.Pow} bits, bucket={options.Bucket} B, concurrency={options.Concurrency}, tokens={options.Tokens}, relay env: {string.Join(" ", options.RelayEnvironment)}");
            Report("rss at start", relay);

            if (options.Fill > 0)
            {
                Console.WriteLine($"filling {options.Fill} blobs under {options.Fill} idle tokens ...");
                var fill = await DepositPhaseAsync(http, options, options.Fill, options.Fill, options.FillSeconds);
                Console.WriteLine($"fill: {fill.Count} stored in {fill.Seconds:F1} s ({fill.Count / fill.Seconds:F0}/s)");
                await Task.Delay(TimeSpan.FromSeconds(options.SettleSeconds));
                Report($"rss with {fill.Count} stored blobs (entities passivated)", relay);
            }

            if (options.Warmup > 0)
            {
                // The relay's JIT keeps re-compiling hot methods (tiered, PGO) for tens of seconds on a busy machine:
                // measured figures are for a relay that has run a while.
                var warm = await DepositPhaseAsync(http, options, options.Warmup, options.Tokens, options.Seconds);
                Console.WriteLine($"warm-up: {warm.Count} deposits in {warm.Seconds:F1} s ({warm.Count / warm.Seconds:F0}/s)");
                await Task.Delay(TimeSpan.FromSeconds(2));
            }

            var cpuBefore = CpuSeconds(relay);
            var threadsBefore = ThreadCpuSeconds(relay);
            var deposits = await DepositPhaseAsync(http, options, options.Deposits, options.Tokens, options.Seconds);
            var depositCpu = CpuSeconds(relay) - cpuBefore;
            var threadsAfter = ThreadCpuSeconds(relay);
            Console.WriteLine($"deposits: {deposits.Count} in {deposits.Seconds:F1} s = {deposits.Count / deposits.Seconds:F0}/s; latency p50 {deposits.P(0.50):F2} ms, p99 {deposits.P(0.99):F2} ms, max {deposits.P(1.0):F2} ms; refused {deposits.Refused}");
            Console.WriteLine($"deposit cost: relay CPU {depositCpu:F2} s = {depositCpu * 1e6 / Math.Max(1, deposits.Count):F0} us per deposit ({100 * depositCpu / deposits.Seconds:F0} % of one core); load average {LoadAverage()}");
            Console.WriteLine($"generator cost: {deposits.GeneratorCpuSeconds:F2} s CPU = {deposits.GeneratorCpuSeconds * 1e6 / Math.Max(1, deposits.Count):F0} us per deposit ({100 * deposits.GeneratorCpuSeconds / deposits.Seconds:F0} % of one core)");
            Console.WriteLine($"deposit cost by thread (us per deposit): {ThreadBreakdown(threadsBefore, threadsAfter, deposits.Count)}");
            Report("rss after deposits", relay);
            if (File.Exists(Path.Combine(dataDir, "relay.db-wal")))
            {
                // The WAL's file keeps its high-water mark: how far it grew before the checkpoints let it start over.
                Console.WriteLine($"relay WAL file after deposits: {new FileInfo(Path.Combine(dataDir, "relay.db-wal")).Length / (1024.0 * 1024):F1} MiB");
            }

            if (options.Drain)
            {
                cpuBefore = CpuSeconds(relay);
                var drained = await FetchConfirmPhaseAsync(http, options, deposits.Tokens);
                var drainCpu = CpuSeconds(relay) - cpuBefore;
                Console.WriteLine($"fetch+confirm: {drained.Count} blobs in {drained.Seconds:F1} s = {drained.Count / drained.Seconds:F0} blobs/s ({drained.Operations / drained.Seconds:F0} fetch+confirm pairs/s); pair latency p50 {drained.P(0.50):F2} ms, p99 {drained.P(0.99):F2} ms; relay CPU {drainCpu * 1e6 / Math.Max(1, drained.Count):F0} us per blob");
            }

            Report("rss at end", relay);
            return 0;
        }
        finally
        {
            if (relay is { HasExited: false })
            {
                relay.Kill();
                relay.WaitForExit();
            }

            try
            {
                Directory.Delete(dataDir, true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<PhaseResult> DepositPhaseAsync(HttpClient[] http, Options options, int count, int tokenCount, int seconds)
    {
        var epoch = RelayEpoch.FromUnixSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), RelayLimits.DefaultPowEpochSeconds);
        var tokens = Enumerable.Range(0, tokenCount).Select(_ => RandomNumberGenerator.GetBytes(RelayLimits.TokenSize)).ToArray();

        // Bodies (with solved stamps) are made before the clock starts: the relay's verification is measured, not our solving.
        var bodies = new byte[count][];
        Parallel.For(0, count, i =>
        {
            var token = tokens[i % tokens.Length];
            var blob = RandomNumberGenerator.GetBytes(options.Bucket);
            var nonce = ProofOfWork.Solve(token, ProofOfWork.PayloadHash(blob), epoch, options.Pow, (ulong)Random.Shared.NextInt64());
            bodies[i] = new DepositRequest(token, epoch, nonce, blob).Serialize();
        });

        // With the raw client the whole request (head and body) is built here too, before the clock starts.
        var requests = options.RawClient
            ? bodies.Select((body, i) => RawHttpConnection.BuildPost(http[i % http.Length].BaseAddress!, "/v1/deposit", body)).ToArray()
            : [];
        Console.WriteLine($"deposit phase: {count} bodies ready, clock starts ({(options.RawClient ? "raw HTTP/1.1 connections" : "HttpClient")})");
        var latencies = new double[count];
        var done = 0;
        var next = -1;
        var refused = 0;
        var generatorCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var deadline = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(async () =>
        {
            var connections = options.RawClient ? http.Select(h => new RawHttpConnection(EndPointOf(h.BaseAddress!))).ToArray() : [];
            try
            {
                while (deadline.Elapsed < limit)
                {
                    var i = Interlocked.Increment(ref next);
                    if (i >= count)
                    {
                        return;
                    }

                    var start = Stopwatch.GetTimestamp();
                    var status = options.RawClient
                        ? await connections[i % connections.Length].SendAsync(requests[i], CancellationToken.None)
                        : await PostAsync(http[i % http.Length], bodies[i]);
                    latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    if (status == (int)HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref done);
                }
                    else
                    {
                        Interlocked.Increment(ref refused);
                    }
                }
            }
            finally
            {
                foreach (var connection in connections)
                {
                    connection.Dispose();
                }
            }
        })));
        var elapsed = deadline.Elapsed.TotalSeconds;
        generatorCpu = Process.GetCurrentProcess().TotalProcessorTime - generatorCpu;
        var measured = latencies.Where(l => l > 0).ToArray();
        return new PhaseResult(done, done, elapsed, measured, refused, tokens) { GeneratorCpuSeconds = generatorCpu.TotalSeconds };
    }

    private static async Task<int> PostAsync(HttpClient http, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PostAsync("/v1/deposit", content);
        return (int)response.StatusCode;
    }

    private static IPEndPoint EndPointOf(Uri server) => new(IPAddress.Parse(server.Host), server.Port);

    private static async Task<PhaseResult> FetchConfirmPhaseAsync(HttpClient[] fronts, Options options, byte[][] tokens)
    {
        var queue = new ConcurrentQueue<(byte[] Token, int Index)>(tokens.Select((t, i) => (t, i)));
        var latencies = new ConcurrentBag<double>();
        var blobs = 0;
        var pairs = 0;
        var clock = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(options.Seconds);
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < limit && queue.TryDequeue(out var entry))
            {
                var (token, index) = entry;
                var http = fronts[(index + 1) % fronts.Length];
                while (clock.Elapsed < limit)
                {
                    var start = Stopwatch.GetTimestamp();
                    using var fetchContent = new ByteArrayContent(new FetchRequest([token]).Serialize());
                    using var fetched = await http.PostAsync("/v1/fetch", fetchContent);
                    var response = FetchResponse.Parse(await fetched.Content.ReadAsByteArrayAsync()).Value;
                    if (response.Blobs.Count == 0)
                    {
                        break;
                    }

                    var ids = response.Blobs.Select(b => b.BlobId.ToArray()).ToList();
                    using var confirmContent = new ByteArrayContent(new ConfirmRequest(ids).Serialize());
                    using var confirmed = await http.PostAsync("/v1/confirm", confirmContent);
                    latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    Interlocked.Add(ref blobs, ids.Count);
                    Interlocked.Increment(ref pairs);
                }
            }
        })));
        return new PhaseResult(blobs, pairs, clock.Elapsed.TotalSeconds, [.. latencies], 0, tokens);
    }

    /// <summary>User + system CPU seconds the relay process has used so far (from /proc; 0 with --url).</summary>
    private static double CpuSeconds(Process? relay)
    {
        if (relay is null)
        {
            return 0;
        }

        var stat = File.ReadAllText($"/proc/{relay.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / 100.0;
    }

    /// <summary>CPU seconds per thread name (live threads only: a thread that ended during the phase is not counted).</summary>
    private static Dictionary<(int Tid, string Name), double> ThreadCpuSeconds(Process? relay)
    {
        var result = new Dictionary<(int, string), double>();
        if (relay is null)
        {
            return result;
        }

        foreach (var task in Directory.EnumerateDirectories($"/proc/{relay.Id}/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                result[(int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture), name)] = ticks / 100.0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // The thread ended while we looked.
            }
        }

        return result;
    }

    private static string ThreadBreakdown(Dictionary<(int Tid, string Name), double> before, Dictionary<(int Tid, string Name), double> after, int count) =>
        string.Join(", ", after
            .GroupBy(p => p.Key.Name)
            .Select(g => (Name: g.Key, Seconds: g.Sum(p => p.Value - before.GetValueOrDefault(p.Key))))
            .Where(g => g.Seconds > 0)
            .OrderByDescending(g => g.Seconds)
            .Select(g => $"{g.Name.Trim()} {g.Seconds * 1e6 / Math.Max(1, count):F0}"));

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static void Report(string label, Process? relay)
    {
        if (relay is null)
        {
            return;
        }

        var status = File.ReadAllLines($"/proc/{relay.Id}/status");
        var rss = status.FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        Console.WriteLine($"{label}: relay RSS {long.Parse(rss ?? "0", CultureInfo.InvariantCulture) / 1024} MiB");
    }

    private static Process StartRelay(string hostDll, string dataDir, int port, int pow, IReadOnlyList<string> environment)
    {
        // The relay writes to this process's own stdout/stderr (not redirected): reading a redirected pipe goes through
        // the socket engine, whose completions run inline here (see Main), and Process.WaitForExit then waited forever
        // for the pipe's end.
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        start.ArgumentList.Add(hostDll);
        start.ArgumentList.Add("relay");
        start.ArgumentList.Add("--conf");
        start.ArgumentList.Add(Path.Combine(dataDir, "absent.conf"));
        start.Environment["PVTCOMS_RELAY_LISTEN"] = $"127.0.0.1:{port}";
        start.Environment["PVTCOMS_RELAY_DATA_DIR"] = dataDir;
        start.Environment["PVTCOMS_RELAY_POW"] = pow.ToString(CultureInfo.InvariantCulture);
        start.Environment["PVTCOMS_RELAY_PASSIVATE_SECONDS"] = "5";
        start.Environment["PVTCOMS_RELAY_MAX_STORED_BLOBS"] = "5000000";
        start.Environment.Remove("PVTCOMS_RELAY_KEY");
        start.Environment.Remove(InlineSocketCompletions);
        foreach (var setting in environment)
        {
            var at = setting.IndexOf('=', StringComparison.Ordinal);
            start.Environment[setting[..at]] = setting[(at + 1)..];
        }

        return Process.Start(start)!;
    }

    private static async Task WaitReadyAsync(Uri url, Process relay)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 600; i++)
        {
            if (relay.HasExited)
            {
                throw new InvalidOperationException("relay exited");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(url, "/health"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("relay not ready");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindHostDll()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Pvtcoms.sln")))
        {
            directory = directory.Parent;
        }

        foreach (var configuration in new[] { "Release", "Debug" })
        {
            var dll = Path.Combine(directory?.FullName ?? ".", "src", "Host", "bin", configuration, "net10.0", "pvtcoms.dll");
            if (File.Exists(dll))
            {
                return dll;
            }
        }

        throw new FileNotFoundException("build src/Host first, or pass --host-dll");
    }

    private sealed record PhaseResult(int Count, int Operations, double Seconds, double[] Latencies, int Refused, byte[][] Tokens)
    {
        public double GeneratorCpuSeconds { get; init; }

        public double P(double quantile)
        {
            if (Latencies.Length == 0)
            {
                return 0;
            }

            var sorted = Latencies.Order().ToArray();
            return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
        }
    }

    private sealed record Options(Uri? Url, IReadOnlyList<Uri> Targets, string? HostDll, int Deposits, int Tokens, int Concurrency, int Seconds, int Pow, int Bucket, int Fill, int FillSeconds, int SettleSeconds, bool Drain, int Warmup, IReadOnlyList<string> RelayEnvironment, bool RawClient)
    {
        public static Options Parse(string[] args)
        {
            string? Get(string name)
            {
                var i = Array.IndexOf(args, name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
            }

            int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

            return new Options(
                Get("--url") is { } u ? new Uri(u) : null,
                Get("--targets") is { } t ? [.. t.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(x => new Uri(x))] : [],
                Get("--host-dll"),
                Deposits: Int("--deposits", 50_000),
                Tokens: Int("--tokens", 10_000),
                Concurrency: Int("--concurrency", 64),
                Seconds: Int("--seconds", 60),
                Pow: Int("--pow", 8),
                Bucket: Int("--bucket", RelayLimits.Bucket1KiB),
                Fill: Int("--fill", 0),
                FillSeconds: Int("--fill-seconds", 900),
                SettleSeconds: Int("--settle-seconds", 15),
                Drain: !args.Contains("--no-drain"),
                Warmup: Int("--warmup", 0),
                RelayEnvironment: [.. args.Select((a, i) => (a, i)).Where(p => p.a == "--relay-env" && p.i + 1 < args.Length).Select(p => args[p.i + 1])],
                RawClient: (Get("--client") ?? "raw") switch
                {
                    "raw" => true,
                    "httpclient" => false,
                    var other => throw new ArgumentException($"--client raw|httpclient, not {other}"),
                });
        }
    }
}
