using System.Net;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Relay.Tests.Support;

namespace Pvtcoms.Relay.Tests.Privacy;

/// <summary>
/// The relay keeps no token, payload, address or request log beyond what a pending blob needs: after a run,
/// everything it wrote (database, WAL, shared memory, logs) is scanned for the tokens and payload bytes used.
/// </summary>
public sealed class NothingLeftBehindTests
{
    [Fact]
    public async Task After_a_run_no_token_or_confirmed_payload_is_in_any_file_the_relay_wrote()
    {
        using var directory = new TempDirectory();
        var tokens = Enumerable.Range(0, 24).Select(_ => RelayClient.NewToken()).ToList();
        var confirmed = new List<byte[]>();
        byte[] pendingToken;
        byte[] pendingPayload;

        await using (var relay = await TestRelay.StartAsync(dataDirectory: directory.Path))
        {
            using var client = relay.Client();
            foreach (var (token, i) in tokens.Select((t, i) => (t, i)))
            {
                for (var n = 0; n < 3; n++)
                {
                    var blob = RelayClient.NewBlob(n == 0 ? RelayLimits.Bucket16KiB : RelayLimits.Bucket1KiB);
                    Assert.Equal(HttpStatusCode.OK, await client.DepositAsync(token, blob, relay.Options.PowDifficulty));
                    confirmed.Add(blob);
                }
            }

            // One token keeps an unconfirmed blob deposited before a confirmed one: the compaction path.
            pendingToken = tokens[0];
            pendingPayload = RelayClient.NewBlob();
            var fetched = await client.FetchAsync([pendingToken]);
            Assert.Equal(HttpStatusCode.OK, await client.DepositAsync(pendingToken, pendingPayload, relay.Options.PowDifficulty));
            Assert.Equal(HttpStatusCode.OK, await client.ConfirmAsync(fetched.Blobs.Select(b => b.BlobId.ToArray()).ToList()));

            var drained = await client.DrainAsync(tokens.Skip(1).ToList());
            Assert.Equal((tokens.Count - 1) * 3, drained.Count);
            await relay.CheckpointAsync();
        }

        var files = ByteScan.ReadAll(directory.Path);
        Assert.Contains(files, f => f.Path.EndsWith("relay.db", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Path.EndsWith("relay-test.log", StringComparison.Ordinal) && f.Bytes.Length > 0);

        // The scan works: the one pending payload is found (it must be stored to be delivered).
        Assert.Contains(files, f => ByteScan.PayloadWindows(pendingPayload).All(w => ByteScan.Contains(f.Bytes, w)));

        foreach (var (path, bytes) in files)
        {
            foreach (var token in tokens)
            {
                foreach (var form in ByteScan.Forms(token))
                {
                    Assert.False(ByteScan.Contains(bytes, form), $"a token was found in {Path.GetFileName(path)}");
                }
            }

            foreach (var payload in confirmed)
            {
                foreach (var window in ByteScan.PayloadWindows(payload))
                {
                    Assert.False(ByteScan.Contains(bytes, window), $"a confirmed payload fragment was found in {Path.GetFileName(path)}");
                }
            }

            Assert.False(ByteScan.Contains(bytes, "127.0.0.1"u8.ToArray()) && !path.EndsWith(".log", StringComparison.Ordinal), $"an address was found in {Path.GetFileName(path)}");
        }
    }
}
