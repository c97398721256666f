namespace Pvtcoms.Relay.Configuration;

/// <summary>
/// How a relay joins a cluster of relays (docs/RELAY.md, "Cluster"): Akka.Cluster remoting on
/// <see cref="Host"/>:<see cref="Port"/>, the seed nodes it contacts first, and the PostgreSQL database all
/// nodes share for the mailbox journal. Absent (null in <see cref="RelayOptions.Cluster"/>) the relay is the
/// single-node relay on its own SQLite file.
/// </summary>
public sealed record RelayClusterOptions
{
    public const int DefaultPort = 7480;

    /// <summary>Address the node's cluster remoting binds to and announces (default 127.0.0.1).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port of the cluster remoting (default 7480).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>host:port of the seed nodes; empty means this node alone seeds (it forms the cluster).</summary>
    public IReadOnlyList<string> SeedNodes { get; init; } = [];

    /// <summary>The shared journal database (prints nothing of the connection string).</summary>
    public required PostgresConnection Postgres { get; init; }

    /// <summary>How long membership must be stable before the split-brain resolver downs unreachable nodes.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How often this node re-reads the stored totals from the database for its share of the caps.</summary>
    public TimeSpan LedgerRefreshInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the shard coordinator looks for shards to move to a less loaded node.</summary>
    public TimeSpan RebalanceInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The seed nodes as Akka addresses (this node itself when none are configured).</summary>
    public IReadOnlyList<string> SeedAddresses(string systemName) =>
        (SeedNodes.Count == 0 ? [$"{Host}:{Port}"] : SeedNodes)
            .Select(seed => $"akka.tcp://{systemName}@{seed}")
            .ToList();
}
