using System.Text;
using Pvtcoms.Host.Testbed;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Protocol.Sessions;

namespace Pvtcoms.Host.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCaptureCollection
{
    public const string Name = "console capture";
}

/// <summary>
/// Issue 4 point 8, the runtime half: the whole testbed runs in this process with every log at its most verbose
/// (relay at Trace, Akka at DEBUG with dead letters, unhandled messages and lifecycle), all console output
/// captured; then every secret of the run — device keys, identity seeds, prekey and session states, relay tokens of
/// every session around now, invites, message texts, contact names, identity keys — is looked for in what was
/// logged, raw and hex/base64 encoded. The transcript (the testbed's own stdout, which shows the user the demo's
/// message texts on purpose) is checked for every key, token and state.
/// </summary>
[Collection(ConsoleCaptureCollection.Name)]
public sealed class TestbedLogHygieneTests
{
    [Fact]
    public async Task Nothing_the_testbed_logs_at_its_most_verbose_carries_a_secret()
    {
        var keys = new List<(string What, byte[] Value)>();
        var texts = new List<(string What, string Value)>();
        var diagnostics = new TestbedDiagnostics
        {
            VerboseLogging = true,
            BeforeTeardown = (alice, bob) =>
            {
                foreach (var side in new[] { alice, bob })
                {
                    CollectSecrets(side, keys, texts);
                }
            },
        };

        var log = new StringWriter();
        var transcript = new StringWriter();
        var (stdout, stderr) = (Console.Out, Console.Error);
        Console.SetOut(TextWriter.Synchronized(log));
        Console.SetError(TextWriter.Synchronized(log));
        int exitCode;
        try
        {
            exitCode = await TestbedRun.RunAsync(transcript, keepDirectory: false, diagnostics, CancellationToken.None);
            await Task.Delay(500); // the loggers' queues drain
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }

        Assert.True(exitCode == 0, transcript.ToString() + log);
        texts.AddRange(diagnostics.Invites.Select(i => ("invite", i)));
        Assert.True(keys.Count >= 20, $"only {keys.Count} secret values collected");
        Assert.Contains(texts, t => t.What == "message text");
        var logged = log.ToString();
        Assert.True(logged.Contains("[DEBUG]", StringComparison.Ordinal) && logged.Length > 5_000,
            $"the verbose run logged only {logged.Length} characters; the test would prove nothing");

        var inLog = Findings(logged, keys, texts).ToList();
        Assert.True(inLog.Count == 0, "secrets in the log output:\n" + string.Join('\n', inLog));
        var inTranscript = Findings(transcript.ToString(), keys, texts.Where(t => t.What == "invite").ToList()).ToList();
        Assert.True(inTranscript.Count == 0, "secrets in the transcript:\n" + string.Join('\n', inTranscript));
    }

    [Fact]
    public void The_search_finds_a_secret_in_any_of_its_encodings()
    {
        var secret = new byte[32];
        Random.Shared.NextBytes(secret);
        var keys = new List<(string, byte[])> { ("planted", secret) };

        Assert.Single(Findings("x " + Convert.ToHexString(secret) + " y", keys, []));
        Assert.Single(Findings("x " + Convert.ToHexString(secret).ToLowerInvariant() + " y", keys, []));
        Assert.Single(Findings("x " + Convert.ToBase64String(secret) + " y", keys, []));
        Assert.Single(Findings("x " + Convert.ToHexString(secret.AsSpan(8, 16)) + " y", keys, []));
        Assert.Single(Findings("said: hello there", [], [("message text", "hello there")]));
        Assert.Empty(Findings("nothing here", keys, [("message text", "hello there")]));
    }

    private static void CollectSecrets(TestbedProfile side, List<(string, byte[])> keys, List<(string, string)> texts)
    {
        keys.Add(($"{side.Name} device key", side.DeviceKeyCopy()));
        keys.Add(($"{side.Name} identity seed", side.Store.LoadIdentitySeed()!));
        keys.Add(($"{side.Name} prekeys state", side.Store.LoadPrekeys()!));
        var epoch = RelayEpoch.FromUnixSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), RelayLimits.DefaultTokenEpochSeconds);
        foreach (var contact in side.Store.LoadContacts())
        {
            texts.Add(("contact name", contact.DisplayName));
            keys.Add(($"{side.Name}'s pin of a contact", contact.IdentityKey));
            var state = side.Store.LoadSession(contact.Id)!;
            keys.Add(($"{side.Name} session state", state));
            using var session = EstablishedSession.Deserialize(state).Value;
            for (var e = epoch - 1; e <= epoch + 1; e++)
            {
                keys.Add(($"{side.Name} sending token", session.SendingToken(e)));
                keys.Add(($"{side.Name} receiving token", session.ReceivingToken(e)));
            }

            texts.AddRange(side.Store.LoadHistory(contact.Id, 100).Select(m => ("message text", m.Text)));
        }
    }

    /// <summary>Every secret found in <paramref name="output"/>: byte values as hex (any case) or base64, whole or any 16-byte window; texts verbatim.</summary>
    private static IEnumerable<string> Findings(string output, IReadOnlyList<(string What, byte[] Value)> keys, IReadOnlyList<(string What, string Value)> texts)
    {
        var upper = output.ToUpperInvariant();
        foreach (var (what, value) in keys)
        {
            var windows = value.Length <= 16 ? [value] : Enumerable.Range(0, value.Length - 15).Where(i => i % 4 == 0).Select(i => value.AsSpan(i, 16).ToArray());
            if (windows.Any(w => upper.Contains(Convert.ToHexString(w), StringComparison.Ordinal))
                || output.Contains(Convert.ToBase64String(value), StringComparison.Ordinal)
                || (value.Length >= 24 && output.Contains(Convert.ToBase64String(value.AsSpan(0, 24)), StringComparison.Ordinal)))
            {
                yield return what;
            }
        }

        foreach (var (what, value) in texts)
        {
            if (output.Contains(value, StringComparison.Ordinal) || output.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes(value)), StringComparison.Ordinal))
            {
                yield return $"{what} ({value.Length} characters)";
            }
        }
    }
}
