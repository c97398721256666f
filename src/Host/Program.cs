using System.CommandLine;
using Pvtcoms.Host.Cli;
using Pvtcoms.Host.Desktop;
using Pvtcoms.Host.Relay;
using Pvtcoms.Host.Testbed;

namespace Pvtcoms.Host;

/// <summary>The one executable, <c>pvtcoms</c>: desktop app, relay service, testbed.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("pvtcoms: anonymous, post-quantum, end-to-end encrypted 1:1 messenger");

        root.Subcommands.Add(TestbedCommand.Create());
        var profile = new Option<string?>("--profile") { Description = "Profile name (several on one machine); default: 'default'.", Recursive = true };
        root.Options.Add(profile);
        CliCommands.AddTo(root, profile);

        root.Subcommands.Add(RelayCommand.Create());

        var noBrowser = new Option<bool>("--no-browser") { Description = "Desktop: print the one-time UI link instead of opening the system browser." };
        root.Options.Add(noBrowser);
        root.SetAction((parse, cancellationToken) =>
            DesktopRun.RunAsync(parse.GetValue(profile), parse.GetValue(noBrowser), Console.Out, cancellationToken));
        // The relay handles SIGTERM itself (graceful drain); System.CommandLine must not cut it short.
        return root.Parse(args).Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
