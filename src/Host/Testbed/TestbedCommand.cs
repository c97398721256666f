using System.CommandLine;
using Pvtcoms.Host.Desktop;

namespace Pvtcoms.Host.Testbed;

/// <summary><c>pvtcoms testbed [--keep] [--ui]</c>.</summary>
public static class TestbedCommand
{
    public static Command Create()
    {
        var keep = new Option<bool>("--keep") { Description = "Keep the testbed's temp directory (relay and profile databases) for inspection." };
        var ui = new Option<bool>("--ui") { Description = "Instead of the scripted run: keep a relay and two fresh profiles (alice, bob) running with a UI each; prints both links; Ctrl-C stops." };
        var command = new Command("testbed", "Relay + two profiles (alice, bob) on loopback, no Tor, low PoW: async onboarding and offline store-and-forward, with timings.")
        {
            keep,
            ui,
        };
        command.SetAction((parse, cancellationToken) => parse.GetValue(ui)
            ? TestbedUiRun.RunAsync(Console.Out, cancellationToken)
            : TestbedRun.RunAsync(Console.Out, parse.GetValue(keep), cancellationToken));
        return command;
    }
}
