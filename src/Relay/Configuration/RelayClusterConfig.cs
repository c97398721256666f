using System.Globalization;

namespace Pvtcoms.Relay.Configuration;

/// <summary>
/// The cluster settings of <see cref="RelayConfigLoader"/>: <c>cluster=1</c> turns the cluster on and then
/// needs <c>postgres=</c>; <c>seed_nodes=host:port,host:port</c>, <c>cluster_host=</c>, <c>cluster_port=</c>,
/// <c>cluster_stable_after_seconds=</c>, <c>ledger_refresh_seconds=</c>, <c>rebalance_seconds=</c> are optional.
/// Errors name the setting, never its value (the connection string holds a password).
/// </summary>
internal static class RelayClusterConfig
{
    public static RelayOptions Read(Dictionary<string, string> values, List<string> errors, RelayOptions options)
    {
        if (!values.TryGetValue("cluster", out var clusterText) || !IsOn(clusterText, errors))
        {
            return options;
        }

        if (!values.TryGetValue("postgres", out var postgres))
        {
            errors.Add("postgres: a cluster needs the PostgreSQL connection string (postgres= or PVTCOMS_RELAY_POSTGRES)");
            return options;
        }

        var cluster = new RelayClusterOptions { Postgres = new PostgresConnection(postgres) };
        if (values.TryGetValue("cluster_host", out var host))
        {
            if (IsHostName(host))
            {
                cluster = cluster with { Host = host };
            }
            else
            {
                errors.Add("cluster_host: expected a host name or IP address");
            }
        }

        if (values.TryGetValue("cluster_port", out var portText))
        {
            if (int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535)
            {
                cluster = cluster with { Port = port };
            }
            else
            {
                errors.Add("cluster_port: expected a port 1..65535");
            }
        }

        if (values.TryGetValue("seed_nodes", out var seedsText))
        {
            var seeds = seedsText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (seeds.Length > 0 && seeds.All(IsHostPort))
            {
                cluster = cluster with { SeedNodes = seeds };
            }
            else
            {
                errors.Add("seed_nodes: expected host:port[,host:port...]");
            }
        }

        cluster = PositiveSetting.ReadSeconds(values, "cluster_stable_after_seconds", errors, cluster, (c, v) => c with { StableAfter = v });
        cluster = PositiveSetting.ReadSeconds(values, "ledger_refresh_seconds", errors, cluster, (c, v) => c with { LedgerRefreshInterval = v });
        cluster = PositiveSetting.ReadSeconds(values, "rebalance_seconds", errors, cluster, (c, v) => c with { RebalanceInterval = v });
        return options with { Cluster = cluster };
    }

    private static bool IsOn(string text, List<string> errors)
    {
        switch (text.ToLowerInvariant())
        {
            case "1" or "true" or "yes" or "on":
                return true;
            case "0" or "false" or "no" or "off":
                return false;
            default:
                errors.Add("cluster: expected 1 or 0");
                return false;
        }
    }

    private static bool IsHostPort(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0
            && IsHostName(text[..colon])
            && int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port is > 0 and <= 65535;
    }

    /// <summary>A DNS name or IPv4 address: letters, digits, dots and hyphens only (it goes into an Akka address).</summary>
    private static bool IsHostName(string text) =>
        text.Length is > 0 and <= 253 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-');
}
