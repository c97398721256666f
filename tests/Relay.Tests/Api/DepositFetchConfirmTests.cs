using System.Net;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Relay.Tests.Support;

namespace Pvtcoms.Relay.Tests.Api;

public sealed class DepositFetchConfirmTests
{
    [Fact]
    public async Task A_deposit_is_fetched_until_confirmed_and_then_gone()
    {
        await using var relay = await TestRelay.StartAsync();
        using var client = relay.Client();
        var token = RelayClient.NewToken();
        var blob = RelayClient.NewBlob();

        Assert.Equal(HttpStatusCode.OK, await client.DepositAsync(token, blob, relay.Options.PowDifficulty));

        var first = await client.FetchAsync([token]);
        var second = await client.FetchAsync([token]);
        Assert.Single(first.Blobs);
        Assert.Equal(blob, first.Blobs[0].Blob.ToArray());
        Assert.Equal(token, first.Blobs[0].Token.ToArray());
        Assert.Equal(first.Blobs[0].BlobId.ToArray(), second.Blobs.Single().BlobId.ToArray());

        Assert.Equal(HttpStatusCode.OK, await client.ConfirmAsync([first.Blobs[0].BlobId.ToArray()]));
        Assert.Empty((await client.FetchAsync([token])).Blobs);
        Assert.Equal(0, relay.Ledger.Blobs);
    }

    [Fact]
    public async Task Fetch_returns_blobs_of_several_tokens_and_only_theirs()
    {
        await using var relay = await TestRelay.StartAsync();
        using var client = relay.Client();
        var tokens = Enumerable.Range(0, 3).Select(_ => RelayClient.NewToken()).ToArray();
        var other = RelayClient.NewToken();
        foreach (var token in tokens.Append(other))
        {
            Assert.Equal(HttpStatusCode.OK, await client.DepositAsync(token, RelayClient.NewBlob(RelayLimits.Bucket4KiB), relay.Options.PowDifficulty));
        }

        var fetched = await client.FetchAsync(tokens);

        Assert.Equal(3, fetched.Blobs.Count);
        Assert.All(fetched.Blobs, b => Assert.Contains(tokens, t => t.AsSpan().SequenceEqual(b.Token.Span)));
    }
}
