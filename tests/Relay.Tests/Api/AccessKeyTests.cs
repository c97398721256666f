using System.Net;
using Pvtcoms.Relay.Configuration;
using Pvtcoms.Relay.Http;
using Pvtcoms.Relay.Tests.Support;

namespace Pvtcoms.Relay.Tests.Api;

public sealed class AccessKeyTests
{
    [Fact]
    public async Task With_a_key_configured_a_missing_or_wrong_key_gets_401_and_the_right_one_passes()
    {
        await using var relay = await TestRelay.StartAsync(o => o with { AccessKey = RelayAccessKey.FromSecret("correct horse battery") });
        var token = RelayClient.NewToken();

        using (var none = relay.Client())
        {
            using var response = await none.PostAsync("/v1/deposit", RelayClient.DepositBody(token, RelayClient.NewBlob(), 4));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("unauthorized", response.Headers.GetValues(RelayEndpoints.ReasonHeader).Single());
        }

        using (var wrong = relay.Client("correct horse battery!"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await wrong.DepositAsync(token, RelayClient.NewBlob(), 4));
            using var fetch = await wrong.PostAsync("/v1/fetch", new Protocol.Relay.FetchRequest([token]).Serialize());
            Assert.Equal(HttpStatusCode.Unauthorized, fetch.StatusCode);
        }

        Assert.Equal(0, relay.Ledger.Blobs);
        using var right = relay.Client("correct horse battery");
        Assert.Equal(HttpStatusCode.OK, await right.DepositAsync(token, RelayClient.NewBlob(), 4));
        Assert.Single((await right.FetchAsync([token])).Blobs);
    }

    [Fact]
    public void The_key_matches_only_itself_and_prints_nothing()
    {
        using var key = RelayAccessKey.FromSecret("s3cret");
        Assert.True(key.Matches("s3cret"));
        Assert.False(key.Matches("s3cre"));
        Assert.False(key.Matches("s3cret "));
        Assert.False(key.Matches(string.Empty));
        Assert.DoesNotContain("s3cret", key.ToString(), StringComparison.Ordinal);
    }
}
