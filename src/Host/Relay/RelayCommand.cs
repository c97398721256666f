using System.CommandLine;
using Pvtcoms.Relay;
using Microsoft.Extensions.Hosting;
using Pvtcoms.Relay.Configuration;

namespace Pvtcoms.Host.Relay;

/// <summary>
/// <c>pvtcoms relay</c>: runs the oblivious relay as a service. Configuration from environment variables,
/// then <c>pvtcoms.conf</c> next to the executable (or <c>--conf</c>). SIGTERM / Ctrl-C stop it gracefully:
/// no new connections, requests in flight (deposits included) complete, then the actor system stops and the
/// WAL is folded in.
/// </summary>
public static class RelayCommand
{
    public static Command Create()
    {
        var conf = new Option<FileInfo?>("--conf") { Description = "Path of pvtcoms.conf (default: next to the executable)." };
        var onion = new Option<bool>("--onion")
        {
            Description = "Also publish the relay as a Tor v3 onion service (key in <data_dir>/onion-service.key; needs health_listen). Same as PVTCOMS_RELAY_ONION=1.",
        };
        var cluster = new Option<bool>("--cluster")
        {
            Description = "Run as one node of a relay cluster on PostgreSQL (needs postgres=; see seed_nodes=, cluster_host=, cluster_port=). Same as cluster=1 / PVTCOMS_RELAY_CLUSTER=1.",
        };
        var command = new Command("relay", "Run the oblivious relay as a service.") { conf, onion, cluster };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(
                parse.GetValue(conf),
                parse.GetValue(onion) || Environment.GetEnvironmentVariable(OnionEnvironmentVariable) == "1",
                parse.GetValue(cluster),
                cancellationToken));
        return command;
    }

    public const string OnionEnvironmentVariable = "PVTCOMS_RELAY_ONION";

    public const string ClusterEnvironmentVariable = "PVTCOMS_RELAY_CLUSTER";

    /// <summary>A file of torrc lines appended to the relay's tor configuration: only for private test networks.</summary>
    public const string ExtraTorrcEnvironmentVariable = "PVTCOMS_TOR_EXTRA_TORRC";

    private static async Task<int> RunAsync(FileInfo? conf, bool publishOnion, bool cluster, CancellationToken cancellationToken)
    {
        var confPath = conf?.FullName ?? Path.Combine(AppContext.BaseDirectory, RelayConfigLoader.ConfFileName);
        var environment = RelayConfigLoader.ProcessEnvironment();
        if (cluster)
        {
            // --cluster wins over cluster=0 in the file or the environment.
            var withCluster = environment.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
            withCluster[ClusterEnvironmentVariable] = "1";
            environment = withCluster;
        }

        var loaded = RelayConfigLoader.Load(environment, confPath);
        if (loaded.Options is not { } options)
        {
            foreach (var error in loaded.Errors)
            {
                await Console.Error.WriteLineAsync($"pvtcoms relay: configuration: {error}").ConfigureAwait(false);
            }

            return 2;
        }

        if (publishOnion && options.HealthListen is null)
        {
            // Every onion connection reaches the relay from tor on 127.0.0.1: on the API port, /health would be
            // readable by anyone on the onion service. It must have its own loopback listener.
            await Console.Error.WriteLineAsync("pvtcoms relay: configuration: onion mode needs health_listen (a loopback port of its own), so that /health is not reachable through the onion service").ConfigureAwait(false);
            return 2;
        }

        OnionServiceKeyHolder? onionKey = null;
        if (publishOnion)
        {
            var (key, error) = RelayOnionSeedFile.LoadOrCreate(options.DataDirectory);
            if (key is null)
            {
                await Console.Error.WriteLineAsync($"pvtcoms relay: onion: {error}").ConfigureAwait(false);
                return 2;
            }

            onionKey = new OnionServiceKeyHolder(key);
        }

        await using var app = RelayServer.Build(options);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        await Console.Out.WriteLineAsync(options.Cluster is { } clusterOptions
            ? $"pvtcoms relay: listening on {options.Listen}, pow {options.PowDifficulty} bits, cluster node {clusterOptions.Host}:{clusterOptions.Port} (journal on PostgreSQL)"
            : $"pvtcoms relay: listening on {options.Listen}, pow {options.PowDifficulty} bits, data in {options.DataDirectory}").ConfigureAwait(false);

        RelayOnionService? onionService = null;
        if (onionKey is not null)
        {
            onionService = await RelayOnionService.StartAsync(onionKey.Take(), options.Listen, options.DataDirectory, ExtraTorrcLines()).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"pvtcoms relay: onion service {onionService.Address.HostName}:{RelayOnionService.VirtualPort} (publishing through tor)").ConfigureAwait(false);
        }

        try
        {
            await app.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            if (onionService is not null)
            {
                await onionService.DisposeAsync().ConfigureAwait(false);
            }
        }

        return 0;
    }

    private static List<string>? ExtraTorrcLines()
    {
        var path = Environment.GetEnvironmentVariable(ExtraTorrcEnvironmentVariable);
        return string.IsNullOrEmpty(path)
            ? null
            : File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
    }

    /// <summary>Owns the onion key until it is handed to the tor supervisor (which then owns and disposes it).</summary>
    private sealed class OnionServiceKeyHolder(Pvtcoms.Protocol.Onion.OnionServiceKey key)
    {
        private Pvtcoms.Protocol.Onion.OnionServiceKey? _key = key;

        public Pvtcoms.Protocol.Onion.OnionServiceKey Take()
        {
            var key = _key ?? throw new InvalidOperationException("the onion key was already handed over");
            _key = null;
            return key;
        }
    }
}
