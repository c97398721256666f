using System.Collections.Concurrent;
using System.Net;
using Pvtcoms.Relay.Tests.Support;

namespace Pvtcoms.Relay.Tests.Cluster;

/// <summary>
/// Three relay processes on one PostgreSQL (issue 7): any node serves any token, a confirm finds the node that
/// handed the blob out, a SIGKILLed node loses no acknowledged deposit, and a restarted node rejoins and gets
/// shards and mailboxes again.
/// </summary>
[Collection(RelayClusterCollection.Name)]
public sealed class RelayClusterTests
{
    private readonly RelayClusterFixture _cluster;

    public RelayClusterTests(RelayClusterFixture cluster)
    {
        _cluster = cluster;
    }

    [Fact]
    public async Task Deposits_spread_over_all_nodes_are_fetched_on_another_node_and_confirmed_on_a_third()
    {
        var clients = Enumerable.Range(0, RelayClusterFixture.NodeCount).Select(i => new RelayClient(_cluster.NodeAddress(i))).ToArray();
        try
        {
            var tokens = Enumerable.Range(0, 30).Select(_ => RelayClient.NewToken()).ToList();
            var blobs = tokens.Select(_ => RelayClient.NewBlob()).ToList();
            for (var i = 0; i < tokens.Count; i++)
            {
                // A client retries a busy answer (shards may still be moving after another test); a retried
                // deposit that had been stored after all is refused as a duplicate.
                var status = await WithRetryAsync(() => clients[i % 3].DepositAsync(tokens[i], blobs[i], RelayClusterFixture.PowDifficulty), HttpStatusCode.Conflict);
                Assert.Contains(status, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict });
            }

            for (var i = 0; i < tokens.Count; i++)
            {
                var fetched = await WithRetryAsync(() => clients[(i + 1) % 3].FetchAsync([tokens[i]]));
                var blob = Assert.Single(fetched.Blobs);
                Assert.Equal(blobs[i], blob.Blob.ToArray());

                // Confirmed on a node that did not hand the blob out: it asks the others (ADR 0101).
                Assert.Equal(HttpStatusCode.OK, await WithRetryAsync(() => clients[(i + 2) % 3].ConfirmAsync([blob.BlobId.ToArray()])));
            }

            for (var i = 0; i < tokens.Count; i++)
            {
                Assert.Empty((await WithRetryAsync(() => clients[i % 3].FetchAsync([tokens[i]]))).Blobs);
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_node_killed_under_load_loses_no_acknowledged_deposit_and_rejoins_with_shards()
    {
        const int victim = 1;
        int[] survivors = [0, 2];
        var clients = Enumerable.Range(0, RelayClusterFixture.NodeCount).Select(i => new RelayClient(_cluster.NodeAddress(i))).ToArray();
        try
        {
            var tokens = Enumerable.Range(0, 40).Select(_ => RelayClient.NewToken()).ToList();
            var sent = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            var acknowledged = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            var acknowledgedAfterKill = 0;
            var killed = 0;
            var attempts = 0;

            // Six clients deposit concurrently, round-robin over the three nodes' fronts; the victim is SIGKILLed
            // once 60 deposits are acknowledged, and the load goes on (failed or refused deposits just count as not acknowledged).
            async Task Worker()
            {
                while (true)
                {
                    var attempt = Interlocked.Increment(ref attempts);
                    if (attempt > 240)
                    {
                        return;
                    }

                    var tokenIndex = attempt % tokens.Count;
                    var blob = RelayClient.NewBlob();
                    var key = Convert.ToHexString(blob, 0, 16);
                    sent[key] = tokenIndex;
                    try
                    {
                        if (await clients[attempt % 3].DepositAsync(tokens[tokenIndex], blob, RelayClusterFixture.PowDifficulty) == HttpStatusCode.OK)
                        {
                            acknowledged[key] = tokenIndex;
                            if (Volatile.Read(ref killed) == 1)
                            {
                                Interlocked.Increment(ref acknowledgedAfterKill);
                            }
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                    }

                    if (acknowledged.Count >= 60 && Interlocked.CompareExchange(ref killed, 1, 0) == 0)
                    {
                        _cluster.Kill(victim);
                    }
                }
            }

            await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(Worker)));
            Assert.Equal(1, killed);
            Assert.True(acknowledgedAfterKill > 0, "no deposit was acknowledged after the kill");

            // Drain every token on the survivors: fetch + confirm until nothing is left.
            var fetched = new List<Pvtcoms.Protocol.Relay.FetchedBlob>();
            foreach (var chunk in tokens.Chunk(10))
            {
                fetched.AddRange(await WithRetryAsync(() => clients[survivors[0]].DrainAsync(chunk)));
            }

            var idsByContent = fetched
                .GroupBy(b => Convert.ToHexString(b.Blob.Span[..16]), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(b => Convert.ToHexString(b.BlobId.Span)).Distinct(StringComparer.Ordinal).Count(), StringComparer.Ordinal);
            foreach (var key in acknowledged.Keys)
            {
                Assert.True(idsByContent.TryGetValue(key, out var copies), "an acknowledged deposit was lost");
                Assert.Equal(1, copies);
            }

            Assert.All(idsByContent.Keys, key => Assert.True(sent.ContainsKey(key), "a blob nobody deposited was served"));

            // Burned means gone, on every survivor.
            foreach (var node in survivors)
            {
                foreach (var chunk in tokens.Chunk(20))
                {
                    Assert.Empty((await WithRetryAsync(() => clients[node].FetchAsync(chunk))).Blobs);
                }
            }

            // The node comes back on the same addresses, rejoins, and the coordinator moves shards to it.
            await _cluster.StartAsync(victim);
            await _cluster.WaitForMembersAsync(RelayClusterFixture.NodeCount, TimeSpan.FromSeconds(60));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while ((await _cluster.HealthAsync(victim))["cluster_shards_here"] <= 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "no shard was rebalanced to the rejoined node");
                await Task.Delay(250);
            }

            // Mailboxes are served by it again: new tokens, deposited and fetched anywhere, live partly on it.
            var fresh = Enumerable.Range(0, 30).Select(_ => RelayClient.NewToken()).ToList();
            for (var i = 0; i < fresh.Count; i++)
            {
                Assert.Equal(HttpStatusCode.OK, await WithRetryAsync(() => clients[i % 3].DepositAsync(fresh[i], RelayClient.NewBlob(), RelayClusterFixture.PowDifficulty)));
            }

            Assert.True((await _cluster.HealthAsync(victim))["cluster_mailboxes_here"] > 0, "no mailbox lives on the rejoined node");
            Assert.Equal(fresh.Count, (await WithRetryAsync(() => clients[victim].DrainAsync(fresh))).Count);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task Burned_blobs_leave_the_shared_journal_at_once()
    {
        using var client = new RelayClient(_cluster.NodeAddress(2));
        var tokens = Enumerable.Range(0, 5).Select(_ => RelayClient.NewToken()).ToList();
        foreach (var token in tokens)
        {
            Assert.Equal(HttpStatusCode.OK, await WithRetryAsync(() => client.DepositAsync(token, RelayClient.NewBlob(), RelayClusterFixture.PowDifficulty)));
        }

        var ids = string.Join(',', tokens.Select(t => $"'{Pvtcoms.Relay.Mailbox.MailboxId.ForToken(t)}'"));
        var blobRowsSql = $"SELECT count(*) FROM journal WHERE persistence_id IN ({ids}) AND octet_length(message) >= 1024";
        Assert.Equal(tokens.Count, _cluster.Postgres.Scalar(RelayClusterFixture.Database, blobRowsSql));

        Assert.Equal(tokens.Count, (await WithRetryAsync(() => client.DrainAsync(tokens))).Count);

        // The burn compacts the mailbox and deletes the rows it replaces before the confirm is answered: what
        // stays is one small live row per mailbox (the burned blob's digest, kept for the replay window) and
        // the journal's deleted marker of the highest replaced sequence number (blob ids only).
        Assert.Equal(0, _cluster.Postgres.Scalar(RelayClusterFixture.Database, blobRowsSql));
        Assert.Equal(tokens.Count, _cluster.Postgres.Scalar(RelayClusterFixture.Database, $"SELECT count(*) FROM journal WHERE persistence_id IN ({ids}) AND deleted = false"));
    }

    [Fact]
    public void The_connection_string_password_never_shows_in_a_node_output()
    {
        for (var i = 0; i < RelayClusterFixture.NodeCount; i++)
        {
            var log = File.Exists(_cluster.NodeLog(i)) ? File.ReadAllText(_cluster.NodeLog(i)) : string.Empty;
            Assert.Contains("cluster node", log, StringComparison.Ordinal);
            Assert.DoesNotContain(_cluster.Postgres.Password, log, StringComparison.Ordinal);
        }
    }

    /// <summary>Retries while shards are still moving (503 busy, or a refused deposit) for up to a minute.</summary>
    private static async Task<T> WithRetryAsync<T>(Func<Task<T>> action, HttpStatusCode? alsoFinal = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                var result = await action();
                if (result is HttpStatusCode status && status != HttpStatusCode.OK && status != alsoFinal && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(500);
                    continue;
                }

                return result;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }
}
