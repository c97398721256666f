using System.CommandLine;
using Pvtcoms.Host.Cli;
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

        root.SetAction(_ => NotYetBuilt("desktop", "the client and UI issues"));
        // The relay handles SIGTERM itself (graceful drain); System.CommandLine must not cut it short.
        return root.Parse(args).Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    private static int NotYetBuilt(string mode, string issue)
    {
        Console.Error.WriteLine($"pvtcoms {mode}: not built yet; it arrives with {issue}. The protocol core is in src/Protocol.");
        return 2;
    }
}
