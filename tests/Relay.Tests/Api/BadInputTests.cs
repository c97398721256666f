using System.Net;
using System.Net.Http.Headers;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Relay.Http;
using Pvtcoms.Relay.Tests.Support;

namespace Pvtcoms.Relay.Tests.Api;

/// <summary>One relay holding one stored blob, shared by the bad-input cases.</summary>
public sealed class BadInputRelay : IAsyncLifetime
{
    public TestRelay Relay { get; private set; } = null!;

    public RelayClient Client { get; private set; } = null!;

    public byte[] Token { get; } = RelayClient.NewToken();

    public byte[] StoredBlob { get; } = RelayClient.NewBlob();

    public async Task InitializeAsync()
    {
        Relay = await TestRelay.StartAsync(o => o with { PowDifficulty = 8 });
        Client = Relay.Client();
        Assert.Equal(HttpStatusCode.OK, await Client.DepositAsync(Token, StoredBlob, 8));
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Relay.DisposeAsync();
    }
}

/// <summary>Each kind of bad request gets its own 4xx and reason, and nothing stored changes.</summary>
public sealed class BadInputTests(BadInputRelay fixture) : IClassFixture<BadInputRelay>
{
    private readonly TestRelay _relay = fixture.Relay;
    private readonly RelayClient _client = fixture.Client;
    private readonly byte[] _token = fixture.Token;
    private readonly byte[] _storedBlob = fixture.StoredBlob;

    public static TheoryData<string> Cases() =>
    [
        "oversized-declared", "oversized-chunked", "truncated", "trailing", "wrong-version", "wrong-type", "bad-pow",
        "stale-epoch", "future-epoch", "not-a-bucket", "too-many-tokens-declared", "too-many-tokens-body", "replayed",
        "empty-body", "confirm-garbage",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_request_gets_a_specific_refusal_and_changes_nothing(string kind)
    {
        var (path, body, chunked, status, reason) = Build(kind);
        var blobsBefore = _relay.Ledger.Blobs;
        var bytesBefore = _relay.Ledger.Bytes;

        HttpContent content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (chunked)
        {
            content.Headers.ContentLength = null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }
        else if (body.Length > RelayEndpoints.MaxDepositBody)
        {
            // A polite client waits for the verdict before sending a large body; the relay answers without reading it.
            request.Headers.ExpectContinue = true;
        }

        using var response = await _client.Http.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(reason, response.Headers.GetValues(RelayEndpoints.ReasonHeader).Single());
        var error = RelayErrorResponse.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.True(error.IsOk);
        Assert.Equal(blobsBefore, _relay.Ledger.Blobs);
        Assert.Equal(bytesBefore, _relay.Ledger.Bytes);
        var fetched = await _client.FetchAsync([_token]);
        Assert.Equal(_storedBlob, fetched.Blobs.Single().Blob.ToArray());
    }

    private (string Path, byte[] Body, bool Chunked, int Status, string Reason) Build(string kind)
    {
        var epoch = RelayClient.CurrentEpoch();
        var blob = RelayClient.NewBlob();
        var valid = RelayClient.DepositBody(RelayClient.NewToken(), blob, 8, epoch);
        return kind switch
        {
            "oversized-declared" => ("/v1/deposit", new byte[RelayEndpoints.MaxDepositBody + 1], false, 413, "body-too-large"),
            "oversized-chunked" => ("/v1/deposit", new byte[RelayEndpoints.MaxDepositBody + 1], true, 413, "body-too-large"),
            "truncated" => ("/v1/deposit", HostileBodies.Truncated(valid, valid.Length - 100), false, 400, "truncated"),
            "trailing" => ("/v1/deposit", HostileBodies.WithTrailingByte(valid), false, 400, "trailing-bytes"),
            "wrong-version" => ("/v1/deposit", HostileBodies.WithVersion(valid, 2), false, 400, "unsupported-version"),
            "wrong-type" => ("/v1/deposit", HostileBodies.WithType(valid, RelayMessageType.FetchRequest), false, 400, "wrong-message-type"),
            "bad-pow" => ("/v1/deposit", BadPow(epoch), false, 403, "bad-pow"),
            "stale-epoch" => ("/v1/deposit", RelayClient.DepositBody(RelayClient.NewToken(), blob, 8, epoch - 2), false, 403, "stale-epoch"),
            "future-epoch" => ("/v1/deposit", RelayClient.DepositBody(RelayClient.NewToken(), blob, 8, epoch + 1), false, 403, "stale-epoch"),
            "not-a-bucket" => ("/v1/deposit", HostileBodies.DepositOfLength(RelayClient.NewToken(), epoch, 0, 1000), false, 422, "not-a-bucket"),
            "too-many-tokens-declared" => ("/v1/fetch", HostileBodies.FetchOf(10, RelayLimits.MaxTokensPerFetch + 1), false, 400, "too-many-tokens"),
            "too-many-tokens-body" => ("/v1/fetch", HostileBodies.FetchOf(RelayLimits.MaxTokensPerFetch + 1, RelayLimits.MaxTokensPerFetch + 1), false, 413, "too-many-tokens"),
            "replayed" => ("/v1/deposit", Replayed(), false, 409, "duplicate"),
            "empty-body" => ("/v1/fetch", [], false, 400, "truncated"),
            "confirm-garbage" => ("/v1/confirm", [1, 4, 0, 1, 9, 9], false, 400, "truncated"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        byte[] BadPow(ulong e)
        {
            var token = RelayClient.NewToken();
            var b = RelayClient.NewBlob();
            return new DepositRequest(token, e, HostileBodies.FailingNonce(token, b, e, 8), b).Serialize();
        }

        byte[] Replayed()
        {
            // The same token and blob as the stored deposit, with a fresh stamp.
            return RelayClient.DepositBody(_token, _storedBlob, 8, epoch);
        }
    }
}
