using System.Diagnostics;
using System.Globalization;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Host.Testbed;

/// <summary>
/// <c>pvtcoms testbed</c>: a relay and two profiles (alice, bob) on loopback, no Tor, low PoW, in a temp
/// directory of their own that is deleted at the end. It runs asynchronous onboarding (bob accepts alice's invite
/// while alice is offline), offline store-and-forward both ways, delivery and read receipts, and a safety-number
/// comparison, and prints a transcript with timings. Exit code 0 when every step happened, 1 otherwise.
/// </summary>
public static class TestbedRun
{
    public const int PowDifficulty = 4;
    private static readonly TimeSpan s_stepTimeout = TimeSpan.FromSeconds(30);

    public static Task<int> RunAsync(TextWriter output, bool keepDirectory, CancellationToken cancellationToken) =>
        RunAsync(output, keepDirectory, diagnostics: null, cancellationToken);

    /// <summary>With <paramref name="diagnostics"/>: every log at its most verbose, and the secrets handed to a test.</summary>
    internal static async Task<int> RunAsync(TextWriter output, bool keepDirectory, TestbedDiagnostics? diagnostics, CancellationToken cancellationToken)
    {
        var transcript = new Transcript(output);
        var root = TestbedDirectory.Create();
        transcript.Note($"pvtcoms testbed: relay + alice + bob on 127.0.0.1, no Tor, PoW {PowDifficulty} bits, data in {root}");
        try
        {
            await RunStepsAsync(transcript, root, diagnostics, cancellationToken).ConfigureAwait(false);
            transcript.Note(string.Create(CultureInfo.InvariantCulture,
                $"testbed: every step done in {transcript.Elapsed.TotalSeconds:F2} s (target: under 2 s)"));
            transcript.Note("UI: `pvtcoms testbed --ui` runs a fresh relay + alice + bob with a UI each and prints both one-time links;");
            transcript.Note("    your own profiles: `pvtcoms --profile alice` and `pvtcoms --profile bob` (each prints or opens its link).");
            return 0;
        }
        catch (TestbedStepFailedException e)
        {
            transcript.Note($"testbed: FAILED: {e.Message}");
            return 1;
        }
        finally
        {
            if (!keepDirectory)
            {
                TryDelete(root);
            }
        }
    }

    private static async Task RunStepsAsync(Transcript t, string root, TestbedDiagnostics? diagnostics, CancellationToken cancellationToken)
    {
        var verbose = diagnostics?.VerboseLogging ?? false;
        var port = TestbedRelay.PickPort();
        var relayAddress = RelayEndpoint.Parse(string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}")).Value;
        var relayStarting = TestbedRelay.StartAsync(Path.Combine(root, "relay"), port, PowDifficulty, verbose, cancellationToken);
        t.Step("relay", $"starting on {relayAddress}");

        // The relay builds and starts on the thread pool while the profiles start (docs/PERFORMANCE.md, "Testbed").
        await using var alice = new TestbedProfile("alice", Path.Combine(root, "alice"), relayAddress, PowDifficulty) { DiagnosticLogging = verbose };
        await using var bob = new TestbedProfile("bob", Path.Combine(root, "bob"), relayAddress, PowDifficulty) { DiagnosticLogging = verbose };

        await alice.GoOnlineAsync().ConfigureAwait(false);
        t.Step("alice", $"new identity {alice.Node.Identity.Fingerprint} (node started in {Ms(alice.LastStartTime)})");
        var invite = await alice.Node.CreateInviteAsync().ConfigureAwait(false);
        diagnostics?.Invites.Add(invite);
        t.Step("alice", $"created an invite ({invite.Length} characters, pvtcoms1:…) and hands it to bob out of band");
        // Bob's node starts while alice's stops and the relay finishes starting: the three are independent, and bob
        // needs the relay only for his first deposit, below (docs/PERFORMANCE.md, "Testbed").
        var bobOnline = bob.GoOnlineAsync();
        await alice.GoOfflineAsync().ConfigureAwait(false);
        t.Step("alice", "goes offline");

        await using var relay = await relayStarting.ConfigureAwait(false);
        t.Step("relay", $"ready (build {Ms(relay.BuildTime)}, start {Ms(relay.StartTime)})");

        await bobOnline.ConfigureAwait(false);
        t.Step("bob", $"new identity {bob.Node.Identity.Fingerprint} (node started in {Ms(bob.LastStartTime)})");
        var aliceAtBob = await bob.Node.AcceptInviteAsync(invite, "alice", "Hi alice, bob here. Got your invite.").ConfigureAwait(false);
        t.Step("bob", "accepted the invite; first message sealed to alice's prekeys");
        var second = await bob.Node.SendAsync(aliceAtBob, "Write back when you are online.").ConfigureAwait(false);
        await UntilAsync(() => bob.Store.LoadMessage(second)?.State == DeliveryState.AtRelay
                               && bob.Store.LoadHistory(aliceAtBob, 10).All(m => m.State == DeliveryState.AtRelay),
            "bob's two messages are at the relay", bob).ConfigureAwait(false);
        t.Step("bob", "2 messages at the relay while alice is offline");
        // Alice comes back while bob's node stops (his messages are already at the relay).
        await Task.WhenAll(bob.GoOfflineAsync(), alice.GoOnlineAsync()).ConfigureAwait(false);
        t.Step("bob", "goes offline");
        t.Step("alice", $"back online (node started in {Ms(alice.LastStartTime)}), polls her relay");
        await UntilAsync(() => alice.Store.LoadContacts().Count == 1 && alice.Store.LoadHistory(alice.OnlyContact.Id, 10).Count == 2,
            "alice has bob and both of his messages", alice).ConfigureAwait(false);
        var bobAtAlice = alice.OnlyContact.Id;
        foreach (var message in alice.Store.LoadHistory(bobAtAlice, 10))
        {
            t.Step("alice", $"received #{message.Sequence} from bob: \"{message.Text}\"");
        }

        var reply = await alice.Node.SendAsync(bobAtAlice, "Hi bob! Both arrived while I was away.").ConfigureAwait(false);
        await UntilAsync(() => alice.Store.LoadMessage(reply)?.State == DeliveryState.AtRelay, "alice's reply is at the relay", alice).ConfigureAwait(false);
        await Task.WhenAll(alice.GoOfflineAsync(), bob.GoOnlineAsync()).ConfigureAwait(false);
        t.Step("alice", "replied; the reply is at the relay; alice goes offline");
        t.Step("bob", $"back online (node started in {Ms(bob.LastStartTime)}), polls his relay");
        await UntilAsync(() => bob.Store.LoadHistory(aliceAtBob, 10).Any(m => m.Direction == MessageDirection.Incoming),
            "bob has alice's reply", bob).ConfigureAwait(false);
        var received = bob.Store.LoadHistory(aliceAtBob, 10).Single(m => m.Direction == MessageDirection.Incoming);
        t.Step("bob", $"received #{received.Sequence} from alice: \"{received.Text}\"");
        await UntilAsync(() => bob.Store.LoadHistory(aliceAtBob, 10).Where(m => m.Direction == MessageDirection.Outgoing)
                .All(m => m.State == DeliveryState.Delivered),
            "bob's messages are Delivered (alice's receipts)", bob).ConfigureAwait(false);
        t.Step("bob", "his 2 messages show Delivered (alice's device confirmed them)");
        await bob.Node.MarkReadAsync(aliceAtBob).ConfigureAwait(false);
        t.Step("bob", "reads the conversation (read receipt queued)");

        await alice.GoOnlineAsync().ConfigureAwait(false);
        await UntilAsync(() => alice.Store.LoadMessage(reply)?.State == DeliveryState.Read, "alice's reply shows Read", alice, bob).ConfigureAwait(false);
        t.Step("alice", "back online: her reply went queued → at relay → delivered → read");

        var atAlice = alice.Node.SafetyNumberWith(bobAtAlice);
        var atBob = bob.Node.SafetyNumberWith(aliceAtBob);
        if (!atAlice.Equals(atBob))
        {
            throw new TestbedStepFailedException("the safety numbers differ");
        }

        t.Step("both", $"safety numbers match: {atAlice.Digits}");
        t.Step("both", $"                     {atAlice.Emoji}");
        diagnostics?.BeforeTeardown?.Invoke(alice, bob);

        // Teardown: both nodes and the relay stop at the same time (nothing is in flight any more: every step above
        // waited for its outcome); the relay's own shutdown stays the product's (drain, cluster leave, checkpoint).
        var teardown = Stopwatch.StartNew();
        await Task.WhenAll(alice.GoOfflineAsync(), bob.GoOfflineAsync(), relay.DisposeAsync().AsTask()).ConfigureAwait(false);
        t.Step("both", $"offline; relay stopped (teardown {Ms(teardown.Elapsed)})");
    }

    private static string Ms(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:F0} ms");

    /// <summary>Polls the online sides until the condition holds (30 s at most).</summary>
    private static async Task UntilAsync(Func<bool> condition, string what, params TestbedProfile[] sides)
    {
        var deadline = DateTime.UtcNow + s_stepTimeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TestbedStepFailedException($"timed out waiting until {what}");
            }

            foreach (var side in sides.Where(s => s.IsOnline))
            {
                await side.Node.PollNowAsync().ConfigureAwait(false);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10)).ConfigureAwait(false);
        }
    }

    private static void TryDelete(string root)
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
