using System.Collections.Concurrent;
using System.Net;
using Microsoft.Data.Sqlite;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Relay.Tests.Support;

namespace Pvtcoms.Relay.Tests.Crash;

/// <summary>
/// The relay as a separate process, killed with SIGKILL at random moments under deposit load, restarted each
/// time: every acknowledged deposit is fetchable exactly once, and nothing is half-written.
/// </summary>
public sealed class CrashSafetyTests
{
    private const int Kills = 20;
    private const int Depositors = 8;
    private const int Difficulty = 2;

    [Fact]
    public async Task Every_acknowledged_deposit_survives_twenty_SIGKILLs_exactly_once()
    {
        using var directory = new TempDirectory();
        var port = RelayProcess.FreePort();
        var tokens = Enumerable.Range(0, 30).Select(_ => RelayClient.NewToken()).ToArray();
        var attempted = new ConcurrentDictionary<string, byte>();
        var acknowledged = new ConcurrentDictionary<string, byte>();
        var random = new Random(20);

        for (var round = 0; round < Kills; round++)
        {
            using var relay = await RelayProcess.StartAsync(directory.Path, port, Difficulty, TimeSpan.FromSeconds(90));
            using var client = new RelayClient(relay.BaseAddress, maxConnections: Depositors);
            using var stop = new CancellationTokenSource();
            var load = Enumerable.Range(0, Depositors).Select(d => Task.Run(async () =>
            {
                var r = new Random((round * 100) + d);
                while (!stop.IsCancellationRequested)
                {
                    var token = tokens[r.Next(tokens.Length)];
                    var blob = RelayClient.NewBlob(r.Next(8) == 0 ? RelayLimits.Bucket16KiB : RelayLimits.Bucket1KiB);
                    var key = Key(token, blob);
                    attempted[key] = 0;
                    try
                    {
                        if (await client.DepositAsync(token, blob, Difficulty, stop.Token) == HttpStatusCode.OK)
                        {
                            acknowledged[key] = 0;
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException)
                    {
                        // Killed mid-request: not acknowledged.
                    }
                }
            })).ToArray();

            // Kill at a random moment once this round has some acknowledged deposits (a loaded machine may need
            // seconds for the first ones; killing before any would test nothing).
            var before = acknowledged.Count;
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (acknowledged.Count < before + 12 && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(20);
            }

            await Task.Delay(random.Next(0, 600));
            relay.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(load);
        }

        Assert.True(acknowledged.Count > Kills * 10, $"only {acknowledged.Count} deposits were acknowledged");

        using (var relay = await RelayProcess.StartAsync(directory.Path, port, Difficulty, TimeSpan.FromSeconds(90)))
        using (var client = new RelayClient(relay.BaseAddress))
        {
            var fetched = await client.DrainAsync(tokens);
            var keys = fetched.Select(f => Key(f.Token.ToArray(), f.Blob.ToArray())).ToList();

            Assert.Equal(keys.Count, keys.Distinct().Count());
            Assert.All(acknowledged.Keys, k => Assert.Contains(k, keys));
            Assert.All(keys, k => Assert.True(attempted.ContainsKey(k), "a fetched blob is not one that was deposited whole"));
            Assert.Empty((await client.FetchAsync(tokens.Take(RelayLimits.MaxTokensPerFetch).ToList())).Blobs);

            relay.Terminate();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await relay.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, relay.ExitCode);
        }

        using var connection = new SqliteConnection($"Data Source={Path.Combine(directory.Path, "relay.db")}");
        connection.Open();
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check;";
        Assert.Equal("ok", check.ExecuteScalar());
    }

    private static string Key(byte[] token, byte[] blob) => Convert.ToHexString(token) + ":" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(blob));
}
