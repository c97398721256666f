using System.Globalization;
using Pvtcoms.Host.Testbed;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Ui.Blazor.Engine;
using Pvtcoms.Ui.Blazor.Engine.Client;
using Pvtcoms.Ui.Blazor.Hosting;

namespace Pvtcoms.Host.Desktop;

/// <summary>
/// <c>pvtcoms testbed --ui</c>: the testbed's relay and two fresh profiles (alice, bob) on loopback, each with its own
/// UI; prints both one-time launch URLs (one browser tab each; their cookies do not mix) and runs until Ctrl-C.
/// Everything lives in a temp directory that is deleted at the end.
/// </summary>
public static class TestbedUiRun
{
    public static async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        using var shutdown = new ShutdownSignal(cancellationToken);
        var root = Directory.CreateTempSubdirectory("pvtcoms-testbed-ui-").FullName;
        try
        {
            var port = TestbedRelay.PickPort();
            var relayAddress = RelayEndpoint.Parse(string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}")).Value;
            await using var relay = await TestbedRelay.StartAsync(Path.Combine(root, "relay"), port, TestbedRun.PowDifficulty, verboseLogging: false, cancellationToken).ConfigureAwait(false);
            await using var alice = new TestbedProfile("alice", Path.Combine(root, "alice"), relayAddress, TestbedRun.PowDifficulty);
            await using var bob = new TestbedProfile("bob", Path.Combine(root, "bob"), relayAddress, TestbedRun.PowDifficulty);
            await alice.GoOnlineAsync().ConfigureAwait(false);
            await bob.GoOnlineAsync().ConfigureAwait(false);
            using var aliceSession = ClientNodeMessengerSession.ForEngine(EngineOf(alice, relayAddress));
            using var bobSession = ClientNodeMessengerSession.ForEngine(EngineOf(bob, relayAddress));
            await using var aliceUi = await UiHost.StartAsync(new UiHostOptions { Session = aliceSession }).ConfigureAwait(false);
            await using var bobUi = await UiHost.StartAsync(new UiHostOptions { Session = bobSession }).ConfigureAwait(false);
            await output.WriteLineAsync($"pvtcoms testbed --ui: relay on {relayAddress}, no Tor, PoW {TestbedRun.PowDifficulty} bits, data in {root} (deleted at the end)").ConfigureAwait(false);
            await output.WriteLineAsync($"alice: open {aliceUi.LaunchUrl}").ConfigureAwait(false);
            await output.WriteLineAsync($"bob:   open {bobUi.LaunchUrl}").ConfigureAwait(false);
            await output.WriteLineAsync("Each link works once. Create an invite as alice, accept it as bob. Press Ctrl-C to stop.").ConfigureAwait(false);
            await shutdown.Signalled.ConfigureAwait(false);
            await output.WriteLineAsync("testbed --ui: stopping").ConfigureAwait(false);
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static ClientEngine EngineOf(TestbedProfile profile, RelayEndpoint relay) => new()
    {
        Node = profile.Node,
        Store = profile.Store,
        DisplayName = profile.Name,
        Settings = new MessengerSettings(relay.Address, null, TestbedRun.PowDifficulty, CoverTraffic: false),
        Tor = TorState.NotUsed,
    };
}
