using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Relay.Configuration;
using Pvtcoms.Relay.Http;
using Pvtcoms.Relay.Tests.Support;

namespace Pvtcoms.Relay.Tests.Api;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_from_loopback_gives_aggregate_counters_only()
    {
        await using var relay = await TestRelay.StartAsync();
        using var client = relay.Client();
        Assert.Equal(HttpStatusCode.OK, await client.DepositAsync(RelayClient.NewToken(), RelayClient.NewBlob(), 4));
        Assert.Equal(HttpStatusCode.OK, await client.DepositAsync(RelayClient.NewToken(), RelayClient.NewBlob(RelayLimits.Bucket4KiB), 4));
        await client.FetchAsync([RelayClient.NewToken()]);

        var bytes = await client.Http.GetByteArrayAsync("/health");
        var health = RelayHealth.Parse(bytes).Value;

        Assert.Equal(RelayHealth.WireSize, bytes.Length);
        Assert.Equal(2UL, health.StoredBlobs);
        Assert.Equal((ulong)(RelayLimits.Bucket1KiB + RelayLimits.Bucket4KiB), health.StoredBytes);
        Assert.Equal(2UL, health.DepositsSinceStart);
        Assert.Equal(1UL, health.FetchesSinceStart);
    }

    [Fact]
    public async Task Health_from_a_non_loopback_address_is_refused_even_with_a_forwarded_loopback_header()
    {
        var external = NonLoopbackAddress();
        await using var relay = await TestRelay.StartAsync(listen: IPAddress.Any);
        var port = relay.BaseAddress.Port;
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });

        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{external}:{port}/health");
        request.Headers.Add("X-Forwarded-For", "127.0.0.1");
        request.Headers.Add("Forwarded", "for=127.0.0.1");
        using var refused = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("loopback-only", refused.Headers.GetValues(RelayEndpoints.ReasonHeader).Single());
        Assert.Empty(await refused.Content.ReadAsByteArrayAsync());

        // The same relay answers a loopback client, and serves the API to the external one.
        using var allowed = await http.GetAsync($"http://127.0.0.1:{port}/health");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        using var api = new RelayClient(new Uri($"http://{external}:{port}"));
        Assert.Equal(HttpStatusCode.OK, await api.DepositAsync(RelayClient.NewToken(), RelayClient.NewBlob(), 4));
    }

    [Fact]
    public void The_loopback_check_reads_the_connection_and_not_forwarding_headers()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.77");
        context.Connection.LocalIpAddress = IPAddress.Loopback;
        context.Request.Headers["X-Forwarded-For"] = "127.0.0.1";
        Assert.False(LoopbackOnly.IsLoopbackConnection(context.Connection));

        context.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:127.0.0.1");
        Assert.True(LoopbackOnly.IsLoopbackConnection(context.Connection));
        context.Connection.RemoteIpAddress = null;
        Assert.False(LoopbackOnly.IsLoopbackConnection(context.Connection));
    }

    [Fact]
    public void A_health_listener_on_a_non_loopback_address_is_refused()
    {
        using var directory = new TempDirectory();
        var options = new RelayOptions { DataDirectory = directory.Path, HealthListen = new IPEndPoint(IPAddress.Any, 7471) };
        Assert.Throws<ArgumentException>(() => RelayServer.Build(options));

        var loaded = RelayConfigLoader.Load(new Dictionary<string, string?> { ["PVTCOMS_RELAY_HEALTH_LISTEN"] = "0.0.0.0:7471" }, null);
        Assert.Null(loaded.Options);
        Assert.Contains(loaded.Errors, e => e.StartsWith("health_listen", StringComparison.Ordinal));
    }

    /// <summary>An address of this machine that is not loopback (every CI machine here has one).</summary>
    private static IPAddress NonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .First(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}

public sealed class HealthListenerTests
{
    [Fact]
    public async Task With_a_health_listener_the_api_port_does_not_serve_health()
    {
        var healthPort = Support.RelayProcess.FreePort();
        await using var relay = await Support.TestRelay.StartAsync(o => o with { HealthListen = new IPEndPoint(IPAddress.Loopback, healthPort) });
        using var http = new HttpClient();

        using var onApi = await http.GetAsync(new Uri(relay.BaseAddress, "/health"));
        using var onHealth = await http.GetAsync($"http://127.0.0.1:{healthPort}/health");

        Assert.Equal(HttpStatusCode.NotFound, onApi.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onHealth.StatusCode);
        Assert.True(RelayHealth.Parse(await onHealth.Content.ReadAsByteArrayAsync()).IsOk);
    }
}
