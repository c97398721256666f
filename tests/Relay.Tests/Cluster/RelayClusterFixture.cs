using System.Globalization;
using System.Net.Http.Headers;
using Pvtcoms.Relay.Tests.Support;

namespace Pvtcoms.Relay.Tests.Cluster;

/// <summary>
/// One PostgreSQL server and three <c>pvtcoms relay --cluster</c> processes on 127.0.0.1 (all three are seed
/// nodes; the first forms the cluster), shared by the cluster tests. Short split-brain-resolver, rebalance and
/// ledger intervals so that a killed node is downed and a restarted one gets shards within seconds.
/// </summary>
public sealed class RelayClusterFixture : IAsyncLifetime
{
    public const int NodeCount = 3;
    public const int PowDifficulty = 2;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "pvtcoms-cluster-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly int[] _httpPorts = new int[NodeCount];
    private readonly int[] _clusterPorts = new int[NodeCount];
    private readonly RelayProcess?[] _nodes = new RelayProcess?[NodeCount];
    private string _connectionString = string.Empty;

    public PostgresServer Postgres { get; private set; } = null!;

    public const string Database = "relay_cluster";

    public Uri NodeAddress(int index) => new($"http://127.0.0.1:{_httpPorts[index]}");

    public RelayProcess Node(int index) => _nodes[index] ?? throw new InvalidOperationException("node not running");

    public string NodeLog(int index) => Path.Combine(_root, $"node{index}", "relay-process.log");

    public async Task InitializeAsync()
    {
        Postgres = new PostgresServer();
        _connectionString = Postgres.CreateDatabase(Database);
        for (var i = 0; i < NodeCount; i++)
        {
            _httpPorts[i] = Pvtcoms.Tests.Shared.LoopbackPorts.Reserve();
            _clusterPorts[i] = Pvtcoms.Tests.Shared.LoopbackPorts.Reserve();
        }

        // The first seed forms the cluster; the others join it (they could also start first and wait).
        await StartAsync(0);
        await Task.WhenAll(Enumerable.Range(1, NodeCount - 1).Select(StartAsync));
        await WaitForMembersAsync(NodeCount, TimeSpan.FromSeconds(90));
    }

    public async Task StartAsync(int index)
    {
        var seeds = string.Join(',', _clusterPorts.Select(p => $"127.0.0.1:{p}"));
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PVTCOMS_RELAY_POSTGRES"] = _connectionString,
            ["PVTCOMS_RELAY_SEED_NODES"] = seeds,
            ["PVTCOMS_RELAY_CLUSTER_HOST"] = "127.0.0.1",
            ["PVTCOMS_RELAY_CLUSTER_PORT"] = _clusterPorts[index].ToString(CultureInfo.InvariantCulture),
            ["PVTCOMS_RELAY_CLUSTER_STABLE_AFTER_SECONDS"] = "3",
            ["PVTCOMS_RELAY_REBALANCE_SECONDS"] = "2",
            ["PVTCOMS_RELAY_LEDGER_REFRESH_SECONDS"] = "2",
            ["PVTCOMS_RELAY_SWEEP_SECONDS"] = "2",
        };
        _nodes[index] = await RelayProcess.StartAsync(
            Path.Combine(_root, $"node{index}"),
            _httpPorts[index],
            PowDifficulty,
            TimeSpan.FromSeconds(120),
            environment,
            ["--cluster"]);
    }

    /// <summary>SIGKILL of one node: no leave, no handoff, nothing flushed.</summary>
    public void Kill(int index)
    {
        _nodes[index]?.Dispose();
        _nodes[index] = null;
    }

    /// <summary>The cluster lines of a node's text /health (name → value).</summary>
    public async Task<Dictionary<string, long>> HealthAsync(int index)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(NodeAddress(index), "/health"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    /// <summary>Waits until every running node sees <paramref name="count"/> relay members Up.</summary>
    public async Task WaitForMembersAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var seen = new List<long>();
            for (var i = 0; i < NodeCount; i++)
            {
                if (_nodes[i] is not null)
                {
                    seen.Add((await HealthAsync(i))["cluster_members_up"]);
                }
            }

            if (seen.All(s => s == count))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"members up per node: {string.Join(',', seen)}; expected {count}");
            }

            await Task.Delay(250);
        }
    }

    public Task DisposeAsync()
    {
        for (var i = 0; i < NodeCount; i++)
        {
            Kill(i);
        }

        Postgres?.Dispose();
        if (Environment.GetEnvironmentVariable("PVTCOMS_TEST_KEEP") != "1")
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class RelayClusterCollection : ICollectionFixture<RelayClusterFixture>
{
    public const string Name = "relay cluster";
}
