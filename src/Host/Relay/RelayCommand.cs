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
        var command = new Command("relay", "Run the oblivious relay as a service.") { conf };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(conf), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? conf, CancellationToken cancellationToken)
    {
        var confPath = conf?.FullName ?? Path.Combine(AppContext.BaseDirectory, RelayConfigLoader.ConfFileName);
        var loaded = RelayConfigLoader.Load(RelayConfigLoader.ProcessEnvironment(), confPath);
        if (loaded.Options is not { } options)
        {
            foreach (var error in loaded.Errors)
            {
                await Console.Error.WriteLineAsync($"pvtcoms relay: configuration: {error}").ConfigureAwait(false);
            }

            return 2;
        }

        await using var app = RelayServer.Build(options);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        await Console.Out.WriteLineAsync($"pvtcoms relay: listening on {options.Listen}, pow {options.PowDifficulty} bits, data in {options.DataDirectory}").ConfigureAwait(false);
        await app.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }
}
