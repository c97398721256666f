using System.Diagnostics;
using Akka.Actor;
using Pvtcoms.Actors.Client;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Tests.Support;
using Pvtcoms.Actors.Tests.Tor.Support;
using Pvtcoms.Actors.Tor;
using Pvtcoms.Actors.Tor.Dialing;
using Pvtcoms.Actors.Tor.Process;
using Pvtcoms.Actors.Tor.Supervision;
using Pvtcoms.Actors.Transport;
using Pvtcoms.Protocol.Crypto;
using Xunit.Abstractions;

namespace Pvtcoms.Actors.Tests.Tor.Network;

/// <summary>
/// Issue 5 point 5, the relay half: a relay published as an onion service (`pvtcoms relay --onion`) and two
/// profiles, each with its own tor on the private network, reaching it only through SOCKS (fail-closed dialer,
/// no direct socket to anything but tor's loopback port): async onboarding through an invite that names the onion
/// relay, then a message each way, delivered and receipted. The latency of one message over onion circuits is printed.
/// </summary>
[Collection(PrivateTorNetworkCollection.Name)]
public sealed class ClientsOverOnionRelayTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan s_coldStart = TimeSpan.FromSeconds(90);
    private readonly PrivateTorNetwork _network;
    private readonly ITestOutputHelper _output;

    public ClientsOverOnionRelayTests(PrivateTorNetwork network, ITestOutputHelper output)
        : base(output: output)
    {
        _network = network;
        _output = output;
    }

    [Fact]
    public async Task Two_profiles_onboard_and_exchange_messages_through_an_onion_relay_over_tor_only()
    {
        var dataDirectory = Path.Combine(_network.Root, $"onion-relay-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDirectory);
        var torrcExtra = Path.Combine(_network.Root, $"onion-relay-torrc-{Guid.NewGuid():N}");
        await File.WriteAllLinesAsync(torrcExtra, _network.ClientTorrcLines);
        using var relay = OnionRelayProcess.Start(dataDirectory, torrcExtra);
        var relayAddress = await relay.WaitForOnionAddressAsync(TimeSpan.FromSeconds(60)) + ":80";

        var (aliceSockets, aliceTransport) = StartTorClient("alice");
        var (bobSockets, bobTransport) = StartTorClient("bob");
        await using var alice = new TestProfile("alice", relayAddress, aliceTransport, configure: Fast);
        await using var bob = new TestProfile("bob", relayAddress, bobTransport, configure: Fast);

        var clock = Stopwatch.StartNew();
        await alice.StartAsync();
        var invite = await alice.Running.CreateInviteAsync();
        await alice.StopAsync();

        await bob.StartAsync();
        var aliceAtBob = await bob.Running.AcceptInviteAsync(invite, "alice", "hello over onion");
        await Eventually.TrueAsync(() => bob.HistoryWith(aliceAtBob).Single().State == DeliveryState.AtRelay,
            "bob's introduction is at the onion relay", () => bob.Running.PollNowAsync(), seconds: 120);
        _output.WriteLine($"bob's introduction at the onion relay after {clock.Elapsed.TotalSeconds:F1} s (tor clients cold)");

        await alice.StartAsync();
        await Eventually.TrueAsync(() => alice.Store.LoadContacts().Count == 1 && alice.HistoryWith(alice.OnlyContact).Count == 1,
            "alice fetched bob's introduction through tor", () => alice.Running.PollNowAsync(), seconds: 120);
        var bobAtAlice = alice.OnlyContact;
        Assert.Equal("hello over onion", alice.HistoryWith(bobAtAlice).Single().Text);

        var latency = Stopwatch.StartNew();
        var reply = await alice.Running.SendAsync(bobAtAlice, "and back over onion");
        await Eventually.TrueAsync(() => bob.HistoryWith(aliceAtBob).Any(m => m.Text == "and back over onion"),
            "bob got alice's reply", () => bob.Running.PollNowAsync(), seconds: 120);
        latency.Stop();
        await Eventually.TrueAsync(() => alice.Store.LoadMessage(reply)!.State == DeliveryState.Delivered,
            "alice's reply is Delivered", async () =>
            {
                await alice.Running.PollNowAsync();
                await bob.Running.PollNowAsync();
            }, seconds: 120);
        Assert.Equal(alice.Running.SafetyNumberWith(bobAtAlice), bob.Running.SafetyNumberWith(aliceAtBob));
        Console.WriteLine($"[tor figures] one message alice → onion relay → bob (deposit, poll, fetch, each over onion circuits): {latency.Elapsed.TotalMilliseconds:F0} ms");
        _output.WriteLine($"message latency over onion circuits: {latency.Elapsed.TotalMilliseconds:F0} ms");

        foreach (var sockets in new[] { aliceSockets, bobSockets })
        {
            Assert.NotEmpty(sockets.Attempts);
            Assert.Empty(sockets.NonLoopbackAttempts);
        }
    }

    private static ClientNodeOptions Fast(ClientNodeOptions options) => options with
    {
        OwnRelayPowDifficulty = OnionRelayProcess.PowDifficulty,
        PeerRelayPowDifficulty = OnionRelayProcess.PowDifficulty,
        MinPollInterval = TimeSpan.FromMilliseconds(300),
        MaxPollInterval = TimeSpan.FromSeconds(1),
        OutboxTick = TimeSpan.FromMilliseconds(100),
        PublishDirectoryRecord = false,
    };

    /// <summary>A profile's own tor on the private network, and an HTTP relay transport that dials only through it.</summary>
    private (RecordingSocketFactory Sockets, HttpRelayTransport Transport) StartTorClient(string name)
    {
        var (_, sockets, dialer) = TorClient.Start(Sys, _network, name);
        var transport = new HttpRelayTransport(_ => new RelayAccess(OnionRelayProcess.PowDifficulty), TimeProvider.System, SystemEntropy.Instance,
            HttpRelayTransport.ThroughDialer(dialer), TimeSpan.FromSeconds(60));
        return (sockets, transport);
    }
}
