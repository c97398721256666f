using Pvtcoms.Relay.Configuration;
using Pvtcoms.Relay.Tests.Support;

namespace Pvtcoms.Relay.Tests.Configuration;

public sealed class RelayClusterConfigTests
{
    private const string Secret = "Host=db;Username=relay;Password=s3cret-pw";

    [Fact]
    public void Without_cluster_setting_the_relay_is_the_single_node_on_sqlite_even_with_postgres_set()
    {
        var options = RelayConfigLoader.Load(new Dictionary<string, string?> { ["PVTCOMS_RELAY_POSTGRES"] = Secret, ["PVTCOMS_DATA_DIR"] = "/tmp/x" }, null).Options!;

        Assert.Null(options.Cluster);
    }

    [Fact]
    public void Cluster_settings_come_from_the_conf_file_and_the_environment()
    {
        using var directory = new TempDirectory();
        var conf = Path.Combine(directory.Path, "pvtcoms.conf");
        File.WriteAllLines(conf, ["cluster=1", "seed_nodes=10.0.0.1:7480, 10.0.0.2:7480", "cluster_host=10.0.0.3", $"postgres={Secret}", "cluster_stable_after_seconds=7"]);
        var env = new Dictionary<string, string?> { ["PVTCOMS_RELAY_CLUSTER_PORT"] = "7999", ["PVTCOMS_DATA_DIR"] = directory.Path };

        var cluster = RelayConfigLoader.Load(env, conf).Options!.Cluster!;

        Assert.Equal("10.0.0.3", cluster.Host);
        Assert.Equal(7999, cluster.Port);
        Assert.Equal(["10.0.0.1:7480", "10.0.0.2:7480"], cluster.SeedNodes);
        Assert.Equal(TimeSpan.FromSeconds(7), cluster.StableAfter);
        Assert.Equal(Secret, cluster.Postgres.Value);
        Assert.Equal(
            ["akka.tcp://pvtcoms-relay@10.0.0.1:7480", "akka.tcp://pvtcoms-relay@10.0.0.2:7480"],
            cluster.SeedAddresses("pvtcoms-relay"));
    }

    [Fact]
    public void A_cluster_without_seed_nodes_seeds_itself_on_loopback_by_default()
    {
        var cluster = RelayConfigLoader.Load(new Dictionary<string, string?> { ["PVTCOMS_RELAY_CLUSTER"] = "1", ["PVTCOMS_RELAY_POSTGRES"] = Secret, ["PVTCOMS_DATA_DIR"] = "/tmp/x" }, null).Options!.Cluster!;

        Assert.Equal("127.0.0.1", cluster.Host);
        Assert.Equal(["akka.tcp://pvtcoms-relay@127.0.0.1:7480"], cluster.SeedAddresses("pvtcoms-relay"));
    }

    [Theory]
    [InlineData("PVTCOMS_RELAY_CLUSTER", "maybe", "cluster")]
    [InlineData("PVTCOMS_RELAY_SEED_NODES", "10.0.0.1", "seed_nodes")]
    [InlineData("PVTCOMS_RELAY_SEED_NODES", "a b:1", "seed_nodes")]
    [InlineData("PVTCOMS_RELAY_CLUSTER_PORT", "70000", "cluster_port")]
    [InlineData("PVTCOMS_RELAY_CLUSTER_HOST", "host/evil", "cluster_host")]
    [InlineData("PVTCOMS_RELAY_CLUSTER_STABLE_AFTER_SECONDS", "0", "cluster_stable_after_seconds")]
    [InlineData("PVTCOMS_RELAY_LEDGER_REFRESH_SECONDS", "86401", "ledger_refresh_seconds")]
    [InlineData("PVTCOMS_RELAY_REBALANCE_SECONDS", "-5", "rebalance_seconds")]
    public void A_bad_cluster_value_is_an_error_naming_the_setting(string variable, string value, string setting)
    {
        var env = new Dictionary<string, string?> { ["PVTCOMS_RELAY_CLUSTER"] = "1", ["PVTCOMS_RELAY_POSTGRES"] = Secret, ["PVTCOMS_DATA_DIR"] = "/tmp/x", [variable] = value };

        var result = RelayConfigLoader.Load(env, null);

        Assert.Null(result.Options);
        Assert.Contains(result.Errors, e => e.StartsWith(setting + ":", StringComparison.Ordinal));
        Assert.All(result.Errors, e => Assert.DoesNotContain("s3cret", e, StringComparison.Ordinal));
    }

    [Fact]
    public void A_cluster_without_a_connection_string_is_refused()
    {
        var result = RelayConfigLoader.Load(new Dictionary<string, string?> { ["PVTCOMS_RELAY_CLUSTER"] = "1", ["PVTCOMS_DATA_DIR"] = "/tmp/x" }, null);

        Assert.Null(result.Options);
        Assert.Contains(result.Errors, e => e.StartsWith("postgres:", StringComparison.Ordinal));
    }

    [Fact]
    public void The_options_print_no_part_of_the_connection_string()
    {
        var options = RelayConfigLoader.Load(new Dictionary<string, string?> { ["PVTCOMS_RELAY_CLUSTER"] = "1", ["PVTCOMS_RELAY_POSTGRES"] = Secret, ["PVTCOMS_DATA_DIR"] = "/tmp/x" }, null).Options!;

        Assert.DoesNotContain("s3cret", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", options.Cluster!.ToString(), StringComparison.Ordinal);
    }
}
