using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Akka.Actor;
using Pvtcoms.Actors.Tor;
using Pvtcoms.Actors.Tor.Dialing;
using Pvtcoms.Actors.Tor.Process;
using Pvtcoms.Actors.Tor.Supervision;
using Pvtcoms.Actors.Tests.Tor.Support;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Tests.Shared;
using Xunit.Abstractions;

namespace Pvtcoms.Actors.Tests.Tor.Network;

/// <summary>
/// Issue 5 point 2 for the relay: <c>pvtcoms relay --onion</c> publishes the relay as an onion service with a key
/// from its data directory; a client reaches it only through tor; the address survives a restart; /health is not
/// reachable through the onion service.
/// </summary>
[Collection(PrivateTorNetworkCollection.Name)]
public sealed class RelayOverOnionTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan s_coldStart = TimeSpan.FromSeconds(90);
    private readonly PrivateTorNetwork _network;
    private readonly ITestOutputHelper _output;

    public RelayOverOnionTests(PrivateTorNetwork network, ITestOutputHelper output)
        : base(output: output)
    {
        _network = network;
        _output = output;
    }

    [Fact]
    public async Task A_relay_published_as_an_onion_service_takes_deposits_through_tor_and_keeps_its_address_across_a_restart()
    {
        var dataDirectory = Path.Combine(_network.Root, $"relay-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDirectory);
        var torrcExtra = Path.Combine(_network.Root, $"relay-torrc-{Guid.NewGuid():N}");
        await File.WriteAllLinesAsync(torrcExtra, _network.ClientTorrcLines);

        string firstAddress;
        byte[] seedAfterFirstRun;
        using (var relay = OnionRelayProcess.Start(dataDirectory, torrcExtra))
        {
            firstAddress = await relay.WaitForOnionAddressAsync(TimeSpan.FromSeconds(60));
            seedAfterFirstRun = await File.ReadAllBytesAsync(Path.Combine(dataDirectory, "onion-service.key"));

            var (client, sockets, dialer) = TorClient.Start(Sys, _network, "relay-client");
            using var http = OverTor(dialer);
            var onion = new Uri($"http://{firstAddress}/");

            var token = new byte[RelayLimits.TokenSize];
            var blob = new byte[RelayLimits.SmallestBucket];
            Random.Shared.NextBytes(token);
            Random.Shared.NextBytes(blob);
            var epoch = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 3600;
            var nonce = ProofOfWork.Solve(token, ProofOfWork.PayloadHash(blob), epoch, OnionRelayProcess.PowDifficulty);
            var deposit = new DepositRequest(token, epoch, nonce, blob).Serialize();

            var clock = Stopwatch.StartNew();
            var deposited = await UntilAnsweredAsync(() => http.PostAsync(new Uri(onion, "v1/deposit"), new ByteArrayContent(deposit)), s_coldStart);
            _output.WriteLine($"first deposit through the onion service answered after {clock.Elapsed.TotalSeconds:F1} s");
            Assert.Equal(HttpStatusCode.OK, deposited.StatusCode);

            using var fetched = await http.PostAsync(new Uri(onion, "v1/fetch"), new ByteArrayContent(new FetchRequest([token]).Serialize()));
            Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
            var response = FetchResponse.Parse(await fetched.Content.ReadAsByteArrayAsync());
            Assert.True(response.IsOk, response.ToString());
            var only = Assert.Single(response.Value.Blobs);
            Assert.Equal(blob, only.Blob.ToArray());

            using var health = await http.GetAsync(new Uri(onion, "health"));
            Assert.Equal(HttpStatusCode.NotFound, health.StatusCode);

            Assert.Empty(sockets.NonLoopbackAttempts);
            Assert.NotEmpty(sockets.Attempts);
            Watch(client);
            Sys.Stop(client);
            await ExpectTerminatedAsync(client, TimeSpan.FromSeconds(30));
        }

        using (var again = OnionRelayProcess.Start(dataDirectory, torrcExtra))
        {
            Assert.Equal(firstAddress, await again.WaitForOnionAddressAsync(TimeSpan.FromSeconds(60)));
        }

        Assert.Equal(seedAfterFirstRun, await File.ReadAllBytesAsync(Path.Combine(dataDirectory, "onion-service.key")));
    }

    [Fact]
    public async Task Onion_mode_without_a_separate_health_listener_refuses_to_start()
    {
        var dataDirectory = Path.Combine(_network.Root, $"relay-nohealth-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDirectory);
        using var relay = OnionRelayProcess.Start(dataDirectory, torrcExtra: null, healthListener: false);

        var exitCode = await relay.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("health_listen", relay.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dataDirectory, "onion-service.key")));
    }

    private static HttpClient OverTor(FailClosedDialer dialer) =>
        new(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (context, cancellationToken) =>
                await dialer.DialAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken) is DialResult.Connected connected
                    ? connected.Stream
                    : throw new HttpRequestException("not connected through tor yet"),
        })
        { Timeout = TimeSpan.FromSeconds(60) };

    private static async Task<HttpResponseMessage> UntilAnsweredAsync(Func<Task<HttpResponseMessage>> send, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await send();
            }
            catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && clock.Elapsed < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }
    }
}
