using System.CommandLine;

namespace Pvtcoms.Host.Testbed;

/// <summary><c>pvtcoms testbed [--keep]</c>.</summary>
public static class TestbedCommand
{
    public static Command Create()
    {
        var keep = new Option<bool>("--keep") { Description = "Keep the testbed's temp directory (relay and profile databases) for inspection." };
        var command = new Command("testbed", "Relay + two profiles (alice, bob) on loopback, no Tor, low PoW: async onboarding and offline store-and-forward, with timings.")
        {
            keep,
        };
        command.SetAction((parse, cancellationToken) => TestbedRun.RunAsync(Console.Out, parse.GetValue(keep), cancellationToken));
        return command;
    }
}
