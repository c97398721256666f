using System.Net;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Relay.Tests.Support;

namespace Pvtcoms.Relay.Tests.Api;

/// <summary>Per-token and relay-wide caps, expiry, passivation and restarts.</summary>
public sealed class StorageLimitsTests
{
    [Fact]
    public async Task A_full_mailbox_refuses_with_429_and_takes_deposits_again_once_emptied()
    {
        await using var relay = await TestRelay.StartAsync(o => o with { Mailbox = o.Mailbox with { MaxBlobs = 2 } });
        using var client = relay.Client();
        var token = RelayClient.NewToken();
        Assert.Equal(HttpStatusCode.OK, await client.DepositAsync(token, RelayClient.NewBlob(), 4));
        Assert.Equal(HttpStatusCode.OK, await client.DepositAsync(token, RelayClient.NewBlob(), 4));
        Assert.Equal(HttpStatusCode.TooManyRequests, await client.DepositAsync(token, RelayClient.NewBlob(), 4));
        Assert.Equal(HttpStatusCode.OK, await client.DepositAsync(RelayClient.NewToken(), RelayClient.NewBlob(), 4));

        Assert.Equal(2, (await client.DrainAsync([token])).Count);
        Assert.Equal(HttpStatusCode.OK, await client.DepositAsync(token, RelayClient.NewBlob(), 4));
    }

    [Fact]
    public async Task A_full_relay_refuses_with_507_until_something_is_burned()
    {
        await using var relay = await TestRelay.StartAsync(o => o with { MaxStoredBlobs = 3, MaxStoredBytes = 1L << 30 });
        using var client = relay.Client();
        var tokens = Enumerable.Range(0, 4).Select(_ => RelayClient.NewToken()).ToArray();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await client.DepositAsync(tokens[i], RelayClient.NewBlob(), 4));
        }

        Assert.Equal(HttpStatusCode.InsufficientStorage, await client.DepositAsync(tokens[3], RelayClient.NewBlob(), 4));
        Assert.Single(await client.DrainAsync([tokens[0]]));
        Assert.Equal(HttpStatusCode.OK, await client.DepositAsync(tokens[3], RelayClient.NewBlob(), 4));
    }

    [Fact]
    public async Task An_undelivered_blob_expires_after_the_configured_days_and_leaves_the_totals()
    {
        var time = new ManualTime(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var relay = await TestRelay.StartAsync(o => o with { ExpiryDays = 3 }, time: time);
        using var client = relay.Client();
        var stale = RelayClient.NewToken();
        var fresh = RelayClient.NewToken();
        await Deposit(client, stale, time);

        time.Advance(TimeSpan.FromDays(2));
        await Deposit(client, fresh, time);
        await relay.SweepAsync();
        Assert.Single((await client.FetchAsync([stale])).Blobs);

        time.Advance(TimeSpan.FromDays(1));
        await relay.SweepAsync();
        Assert.Empty((await client.FetchAsync([stale])).Blobs);
        Assert.Single((await client.FetchAsync([fresh])).Blobs);
        Assert.Equal(1, relay.Ledger.Blobs);

        static async Task Deposit(RelayClient client, byte[] token, ManualTime time)
        {
            using var response = await client.PostAsync("/v1/deposit", RelayClient.DepositBody(token, RelayClient.NewBlob(), 4, time.PowEpoch));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Idle_mailboxes_passivate_and_come_back_from_the_journal()
    {
        await using var relay = await TestRelay.StartAsync(o => o with { PassivateIdleAfter = TimeSpan.FromSeconds(3) });
        using var client = relay.Client();
        var tokens = Enumerable.Range(0, 50).Select(_ => RelayClient.NewToken()).ToArray();
        var region = await relay.MailboxRegionAsync();
        var mostAlive = 0;
        foreach (var token in tokens)
        {
            Assert.Equal(HttpStatusCode.OK, await client.DepositAsync(token, RelayClient.NewBlob(), 4));
            mostAlive = Math.Max(mostAlive, await LiveEntities(region));
        }

        // On a loaded machine the first mailboxes may already have passivated before the last deposit: what matters
        // is that they were alive, then all of them leave memory, then every blob comes back from the journal.
        Assert.True(mostAlive >= 2, $"at most {mostAlive} mailboxes were ever alive");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await LiveEntities(region) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.Equal(0, await LiveEntities(region));
        Assert.Equal(tokens.Length, (await client.DrainAsync(tokens)).Count);

        static async Task<int> LiveEntities(IActorRef region)
        {
            var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
            return state.Shards.Sum(s => s.EntityIds.Count(id => id.Length == 32));
        }
    }

    [Fact]
    public async Task After_a_restart_blobs_and_totals_are_as_before()
    {
        using var directory = new TempDirectory();
        var tokens = Enumerable.Range(0, 5).Select(_ => RelayClient.NewToken()).ToArray();
        long blobs, bytes;
        await using (var relay = await TestRelay.StartAsync(dataDirectory: directory.Path))
        {
            using var client = relay.Client();
            foreach (var token in tokens)
            {
                Assert.Equal(HttpStatusCode.OK, await client.DepositAsync(token, RelayClient.NewBlob(RelayLimits.Bucket4KiB), 4));
                Assert.Equal(HttpStatusCode.OK, await client.DepositAsync(token, RelayClient.NewBlob(), 4));
            }

            // One mailbox is compacted (one blob burned, one pending), so totals count a compaction row too.
            var first = await client.FetchAsync([tokens[0]]);
            Assert.Equal(HttpStatusCode.OK, await client.ConfirmAsync([first.Blobs[0].BlobId.ToArray()]));
            blobs = relay.Ledger.Blobs;
            bytes = relay.Ledger.Bytes;
        }

        await using (var relay = await TestRelay.StartAsync(dataDirectory: directory.Path))
        {
            Assert.Equal(blobs, relay.Ledger.Blobs);
            Assert.InRange(relay.Ledger.Bytes, bytes, bytes + 200);
            using var client = relay.Client();
            Assert.Equal(9, (await client.DrainAsync(tokens)).Count);
        }
    }
}
