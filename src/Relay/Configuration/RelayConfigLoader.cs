using System.Globalization;
using System.Net;
using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.Relay.Configuration;

/// <summary>
/// Reads the relay's configuration: environment variables first (<c>PVTCOMS_RELAY_KEY</c>,
/// <c>PVTCOMS_RELAY_POW</c>, …), then a <c>pvtcoms.conf</c> file (<c>key=</c>, <c>pow=</c>, …), then defaults.
/// Keys the relay does not know (a client's <c>relay=</c>, <c>relay2=</c>) are ignored. A value that does not
/// parse is an error naming the setting, never its value.
/// </summary>
public static class RelayConfigLoader
{
    public const string ConfFileName = "pvtcoms.conf";

    private static readonly (string Conf, string Env)[] s_settings =
    [
        ("key", "PVTCOMS_RELAY_KEY"),
        ("pow", "PVTCOMS_RELAY_POW"),
        ("listen", "PVTCOMS_RELAY_LISTEN"),
        ("health_listen", "PVTCOMS_RELAY_HEALTH_LISTEN"),
        ("data_dir", "PVTCOMS_RELAY_DATA_DIR"),
        ("expiry_days", "PVTCOMS_RELAY_EXPIRY_DAYS"),
        ("mailbox_max_blobs", "PVTCOMS_RELAY_MAILBOX_MAX_BLOBS"),
        ("mailbox_max_bytes", "PVTCOMS_RELAY_MAILBOX_MAX_BYTES"),
        ("max_stored_blobs", "PVTCOMS_RELAY_MAX_STORED_BLOBS"),
        ("max_stored_bytes", "PVTCOMS_RELAY_MAX_STORED_BYTES"),
        ("passivate_seconds", "PVTCOMS_RELAY_PASSIVATE_SECONDS"),
        ("sweep_seconds", "PVTCOMS_RELAY_SWEEP_SECONDS"),
        ("checkpoint_seconds", "PVTCOMS_RELAY_CHECKPOINT_SECONDS"),
        ("inline_sockets", "PVTCOMS_RELAY_INLINE_SOCKETS"),
        ("cluster", "PVTCOMS_RELAY_CLUSTER"),
        ("seed_nodes", "PVTCOMS_RELAY_SEED_NODES"),
        ("cluster_host", "PVTCOMS_RELAY_CLUSTER_HOST"),
        ("cluster_port", "PVTCOMS_RELAY_CLUSTER_PORT"),
        ("postgres", "PVTCOMS_RELAY_POSTGRES"),
        ("cluster_stable_after_seconds", "PVTCOMS_RELAY_CLUSTER_STABLE_AFTER_SECONDS"),
        ("ledger_refresh_seconds", "PVTCOMS_RELAY_LEDGER_REFRESH_SECONDS"),
        ("rebalance_seconds", "PVTCOMS_RELAY_REBALANCE_SECONDS"),
    ];

    /// <summary>Loads from the process environment and the conf file at <paramref name="confPath"/> (if it exists).</summary>
    public static RelayConfigResult Load(IReadOnlyDictionary<string, string?> environment, string? confPath)
    {
        var conf = confPath is not null && File.Exists(confPath)
            ? ParseConf(File.ReadAllLines(confPath))
            : new Dictionary<string, string>(StringComparer.Ordinal);

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (confName, envName) in s_settings)
        {
            if (environment.TryGetValue(envName, out var fromEnv) && !string.IsNullOrWhiteSpace(fromEnv))
            {
                values[confName] = fromEnv.Trim();
            }
            else if (conf.TryGetValue(confName, out var fromConf) && !string.IsNullOrWhiteSpace(fromConf))
            {
                values[confName] = fromConf.Trim();
            }
        }

        return Build(values, environment);
    }

    /// <summary>The current process environment as a dictionary.</summary>
    public static IReadOnlyDictionary<string, string?> ProcessEnvironment()
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            result[(string)entry.Key] = entry.Value as string;
        }

        return result;
    }

    /// <summary><c>name=value</c> lines; <c>#</c> starts a comment line; later lines win.</summary>
    public static Dictionary<string, string> ParseConf(IEnumerable<string> lines)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            result[line[..equals].Trim().ToLowerInvariant()] = line[(equals + 1)..].Trim();
        }

        return result;
    }

    private static RelayConfigResult Build(Dictionary<string, string> values, IReadOnlyDictionary<string, string?> environment)
    {
        var errors = new List<string>();
        var options = new RelayOptions { DataDirectory = DefaultDataDirectory(environment) };

        if (values.TryGetValue("data_dir", out var dataDir))
        {
            options = options with { DataDirectory = Path.GetFullPath(dataDir) };
        }

        if (values.TryGetValue("listen", out var listen))
        {
            if (TryParseEndPoint(listen, out var endPoint))
            {
                options = options with { Listen = endPoint };
            }
            else
            {
                errors.Add("listen: expected address:port, e.g. 127.0.0.1:7470");
            }
        }

        if (values.TryGetValue("health_listen", out var healthListen))
        {
            if (!TryParseEndPoint(healthListen, out var endPoint))
            {
                errors.Add("health_listen: expected address:port");
            }
            else if (!IPAddress.IsLoopback(endPoint.Address))
            {
                errors.Add("health_listen: /health is served on loopback only; refusing a non-loopback address");
            }
            else
            {
                options = options with { HealthListen = endPoint };
            }
        }

        if (values.TryGetValue("pow", out var pow))
        {
            if (int.TryParse(pow, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) && bits <= ProofOfWork.MaxDifficulty)
            {
                options = options with { PowDifficulty = bits };
            }
            else
            {
                errors.Add($"pow: expected leading zero bits 0..{ProofOfWork.MaxDifficulty}");
            }
        }

        options = PositiveSetting.Read(values, "expiry_days", errors, options, (o, v) => o with { ExpiryDays = (int)Math.Min(v, 3650) });
        options = PositiveSetting.Read(values, "mailbox_max_blobs", errors, options, (o, v) => o with { Mailbox = o.Mailbox with { MaxBlobs = (int)Math.Min(v, 100_000) } });
        options = PositiveSetting.Read(values, "mailbox_max_bytes", errors, options, (o, v) => o with { Mailbox = o.Mailbox with { MaxBytes = v } });
        options = PositiveSetting.Read(values, "max_stored_blobs", errors, options, (o, v) => o with { MaxStoredBlobs = v });
        options = PositiveSetting.Read(values, "max_stored_bytes", errors, options, (o, v) => o with { MaxStoredBytes = v });
        options = PositiveSetting.Read(values, "passivate_seconds", errors, options, (o, v) => o with { PassivateIdleAfter = TimeSpan.FromSeconds(v) });
        options = PositiveSetting.Read(values, "sweep_seconds", errors, options, (o, v) => o with { SweepInterval = TimeSpan.FromSeconds(v) });
        options = PositiveSetting.Read(values, "checkpoint_seconds", errors, options, (o, v) => o with { CheckpointInterval = TimeSpan.FromSeconds(v) });

        if (values.TryGetValue("inline_sockets", out var inline))
        {
            if (inline is "0" or "1")
            {
                options = options with { InlineSocketScheduling = inline == "1" };
            }
            else
            {
                errors.Add("inline_sockets: expected 0 or 1");
            }
        }

        options = RelayClusterConfig.Read(values, errors, options);

        if (errors.Count > 0)
        {
            return new RelayConfigResult(null, errors);
        }

        if (values.TryGetValue("key", out var key))
        {
            options = options with { AccessKey = RelayAccessKey.FromSecret(key) };
        }

        return new RelayConfigResult(options, errors);
    }

    private static bool TryParseEndPoint(string text, out IPEndPoint endPoint) =>
        IPEndPoint.TryParse(text, out endPoint!) && endPoint.Port is > 0 and <= 65535;

    private static string DefaultDataDirectory(IReadOnlyDictionary<string, string?> environment)
    {
        if (environment.TryGetValue("PVTCOMS_DATA_DIR", out var dataDir) && !string.IsNullOrWhiteSpace(dataDir))
        {
            return Path.Combine(Path.GetFullPath(dataDir), "relay");
        }

        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(root))
        {
            root = Path.Combine(Path.GetTempPath(), "pvtcoms-data");
        }

        return Path.Combine(root, "pvtcoms", "relay");
    }
}

/// <summary>Either options or the list of settings that did not parse.</summary>
public sealed record RelayConfigResult(RelayOptions? Options, IReadOnlyList<string> Errors);
