using System.Security.Cryptography;
using Pvtcoms.Actors.Transport;
using Pvtcoms.EndToEnd.Tests.Support;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Tests.Shared;

namespace Pvtcoms.EndToEnd.Tests;

/// <summary>The HTTP transport against the real relay: the three calls and how refusals and failures come back.</summary>
public sealed class HttpRelayTransportTests(InProcessRelay relay) : IClassFixture<InProcessRelay>
{
    private RelayEndpoint Endpoint => RelayEndpoint.Parse(relay.Address).Value;

    [Fact]
    public async Task A_deposit_is_fetched_until_it_is_confirmed_and_then_gone()
    {
        using var transport = Transport(new RelayAccess(InProcessRelay.Difficulty, InProcessRelay.AccessKey));
        var token = RandomBytes(32);
        var blob = CoverBlob.Create(SystemEntropy.Instance, RelayLimits.Bucket1KiB);

        Assert.True((await transport.DepositAsync(Endpoint, token, blob, default)).IsOk);
        var first = await transport.FetchAsync(Endpoint, [token], default);
        var second = await transport.FetchAsync(Endpoint, [token], default);
        Assert.Equal(blob, Assert.Single(first.Blobs).Blob.ToArray());
        Assert.Single(second.Blobs);

        Assert.True((await transport.ConfirmAsync(Endpoint, [first.Blobs[0].BlobId.ToArray()], default)).IsOk);
        Assert.Empty((await transport.FetchAsync(Endpoint, [token], default)).Blobs);
    }

    [Fact]
    public async Task Depositing_the_same_blob_twice_counts_as_done_once()
    {
        using var transport = Transport(new RelayAccess(InProcessRelay.Difficulty, InProcessRelay.AccessKey));
        var token = RandomBytes(32);
        var blob = CoverBlob.Create(SystemEntropy.Instance, RelayLimits.Bucket1KiB);
        Assert.True((await transport.DepositAsync(Endpoint, token, blob, default)).IsOk);
        Assert.True((await transport.DepositAsync(Endpoint, token, blob, default)).IsOk);
        Assert.Single((await transport.FetchAsync(Endpoint, [token], default)).Blobs);
    }

    [Fact]
    public async Task A_wrong_access_key_is_a_permanent_refusal_with_its_reason()
    {
        using var transport = Transport(new RelayAccess(InProcessRelay.Difficulty, "not-the-key"));
        var outcome = await transport.DepositAsync(Endpoint, RandomBytes(32), CoverBlob.Create(SystemEntropy.Instance, RelayLimits.Bucket1KiB), default);
        Assert.Equal(RelayCallStatus.Refused, outcome.Status);
        Assert.Equal(RelayRejection.Unauthorized, outcome.Rejection);
    }

    [Fact]
    public async Task An_unreachable_relay_is_a_transient_failure_not_an_exception()
    {
        using var transport = Transport(new RelayAccess(InProcessRelay.Difficulty), TimeSpan.FromSeconds(5));
        var closed = RelayEndpoint.Parse($"127.0.0.1:{LoopbackPorts.Reserve()}").Value;
        var outcome = await transport.FetchAsync(closed, [RandomBytes(32)], default);
        Assert.Equal(RelayCallStatus.Transient, outcome.Status);
        Assert.Empty(outcome.Blobs);
    }

    private static HttpRelayTransport Transport(RelayAccess access, TimeSpan? timeout = null) =>
        new(_ => access, TimeProvider.System, SystemEntropy.Instance, requestTimeout: timeout);

    private static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);
}
