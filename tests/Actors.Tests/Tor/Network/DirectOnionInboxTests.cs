using System.Diagnostics;
using Pvtcoms.Actors.Client;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Tests.Support;
using Pvtcoms.Actors.Tests.Tor.Support;
using Pvtcoms.Actors.Tor.Profile;
using Pvtcoms.Actors.Transport;
using Pvtcoms.Host.Tor;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Invites;
using Xunit.Abstractions;

namespace Pvtcoms.Actors.Tests.Tor.Network;

/// <summary>
/// Issue 5 point 5, the direct half (ADR 0066): two profiles, each hosting its own inbox (the relay API in-process on
/// loopback) on its own onion service with a key sealed in its store, composed exactly as the Host composes them
/// (<see cref="ClientNetwork"/>), with no third-party relay at all: the invite names the inviter's own onion address,
/// the introduction and the messages are deposited straight into the other profile's inbox over Tor, each profile
/// reads its own inbox over loopback. Then one profile restarts its network and keeps its address (tor's ServiceID
/// is checked against it). The latency of one direct message over onion circuits is printed.
/// </summary>
[Collection(PrivateTorNetworkCollection.Name)]
public sealed class DirectOnionInboxTests : Akka.TestKit.Xunit2.TestKit
{
    private const int Pow = 4;
    private static readonly TimeSpan s_publish = TimeSpan.FromSeconds(120);
    private readonly PrivateTorNetwork _network;
    private readonly ITestOutputHelper _output;

    public DirectOnionInboxTests(PrivateTorNetwork network, ITestOutputHelper output)
        : base(output: output)
    {
        _network = network;
        _output = output;
    }

    [Fact]
    public async Task Two_profiles_exchange_messages_directly_through_their_own_onion_inboxes_and_keep_their_addresses()
    {
        await using var alice = new DirectProfile("alice", _network);
        await using var bob = new DirectProfile("bob", _network);
        var clock = Stopwatch.StartNew();
        await alice.StartNetworkAsync();
        await bob.StartNetworkAsync();
        Assert.True(alice.Network.OwnRelay.IsOnion);
        Assert.True(bob.Network.OwnRelay.IsOnion);
        Assert.NotEqual(alice.Network.OwnRelay, bob.Network.OwnRelay);
        Assert.True(await alice.Network.Tor!.WaitInboxPublishedAsync(s_publish), "alice's inbox was not published");
        Assert.True(await bob.Network.Tor!.WaitInboxPublishedAsync(s_publish), "bob's inbox was not published");
        _output.WriteLine($"both inboxes published after {clock.Elapsed.TotalSeconds:F1} s");

        await alice.Profile.StartAsync();
        await bob.Profile.StartAsync();
        var invite = await alice.Profile.Running.CreateInviteAsync();
        Assert.Equal(alice.Network.OwnRelay, Invite.Parse(invite).Value.Relay);

        var aliceAtBob = await bob.Profile.Running.AcceptInviteAsync(invite, "alice", "hello directly");
        await Eventually.TrueAsync(() => alice.Profile.Store.LoadContacts().Count == 1 && alice.Profile.HistoryWith(alice.Profile.OnlyContact).Count == 1,
            "alice got bob's introduction in her own inbox", () => alice.Profile.Running.PollNowAsync(), seconds: 180);
        var bobAtAlice = alice.Profile.OnlyContact;
        Assert.Equal("hello directly", alice.Profile.HistoryWith(bobAtAlice).Single().Text);
        _output.WriteLine($"bob's introduction reached alice's onion inbox after {clock.Elapsed.TotalSeconds:F1} s");

        var toBob = Stopwatch.StartNew();
        var reply = await alice.Profile.Running.SendAsync(bobAtAlice, "and back directly");
        await Eventually.TrueAsync(() => bob.Profile.HistoryWith(aliceAtBob).Any(m => m.Text == "and back directly"),
            "bob got alice's reply in his own inbox", () => bob.Profile.Running.PollNowAsync(), seconds: 180);
        toBob.Stop();

        var toAlice = Stopwatch.StartNew();
        await bob.Profile.Running.SendAsync(aliceAtBob, "once more to alice");
        await Eventually.TrueAsync(() => alice.Profile.HistoryWith(bobAtAlice).Any(m => m.Text == "once more to alice"),
            "alice got bob's second message", () => alice.Profile.Running.PollNowAsync(), seconds: 180);
        toAlice.Stop();

        await Eventually.TrueAsync(() => alice.Profile.Store.LoadMessage(reply)!.State == DeliveryState.Delivered,
            "alice's reply is Delivered", async () =>
            {
                await alice.Profile.Running.PollNowAsync();
                await bob.Profile.Running.PollNowAsync();
            }, seconds: 180);
        Assert.Equal(alice.Profile.Running.SafetyNumberWith(bobAtAlice), bob.Profile.Running.SafetyNumberWith(aliceAtBob));
        Console.WriteLine($"[tor figures] one direct message alice → bob's onion inbox (deposit over onion circuits, bob polls over loopback): {toBob.Elapsed.TotalMilliseconds:F0} ms; bob → alice: {toAlice.Elapsed.TotalMilliseconds:F0} ms");
        _output.WriteLine($"direct message latency over onion circuits: alice→bob {toBob.Elapsed.TotalMilliseconds:F0} ms, bob→alice {toAlice.Elapsed.TotalMilliseconds:F0} ms");

        foreach (var profile in new[] { alice, bob })
        {
            Assert.NotEmpty(profile.Sockets.Attempts);
            Assert.Empty(profile.Sockets.NonLoopbackAttempts);
        }

        // Restart alice's network on the same store: same key, same address, and tor's ServiceID agrees (the supervisor
        // refuses a mismatch, so "published" means tor computed the same address).
        var before = alice.Network.OwnRelay;
        await alice.Profile.StopAsync();
        await alice.StopNetworkAsync();
        await alice.StartNetworkAsync();
        Assert.Equal(before, alice.Network.OwnRelay);
        Assert.Equal(before.Address, ProfileOnionKey.ExistingAddress(alice.Profile.Store)!.HostName + ":80");
        Assert.True(await alice.Network.Tor!.WaitInboxPublishedAsync(s_publish), "alice's inbox was not published again after the restart");
    }

    /// <summary>A test profile whose network is composed by the Host's <see cref="ClientNetwork"/> with its own inbox.</summary>
    private sealed class DirectProfile : IAsyncDisposable
    {
        private readonly PrivateTorNetwork _network;
        private ClientNetwork? _clientNetwork;
        private HttpRelayTransport? _transport;

        public DirectProfile(string name, PrivateTorNetwork network)
        {
            _network = network;
            Directory = Path.Combine(network.Root, $"{name}-profile-{Guid.NewGuid():N}");
            System.IO.Directory.CreateDirectory(Directory);
            Transport = new DeferredTransport(() => _transport ?? throw new InvalidOperationException("the network is not started"));
            // The relay given here is a placeholder: the node's own relay is the profile's onion inbox (set in configure).
            Profile = new TestProfile(name, "127.0.0.1:9", Transport, configure: options => options with
            {
                OwnRelay = Network.OwnRelay,
                OwnRelayPowDifficulty = Pow,
                PeerRelayPowDifficulty = Pow,
                MinPollInterval = TimeSpan.FromMilliseconds(300),
                MaxPollInterval = TimeSpan.FromSeconds(1),
                OutboxTick = TimeSpan.FromMilliseconds(100),
                PublishDirectoryRecord = false,
            });
        }

        public string Directory { get; }

        public TestProfile Profile { get; }

        public RecordingSocketFactory Sockets { get; } = new();

        public ClientNetwork Network => _clientNetwork ?? throw new InvalidOperationException("the network is not started");

        private DeferredTransport Transport { get; }

        public async Task StartNetworkAsync()
        {
            _clientNetwork = await ClientNetwork.StartAsync(Directory, Profile.Store, RelayEndpoint.Parse("127.0.0.1:9").Value,
                hostInbox: true, Pow, _network.ClientTorrcLines, Sockets);
            _transport = new HttpRelayTransport(_ => new RelayAccess(Pow), TimeProvider.System, SystemEntropy.Instance,
                _clientNetwork.Connect, TimeSpan.FromSeconds(60));
        }

        public async Task StopNetworkAsync()
        {
            _transport?.Dispose();
            _transport = null;
            if (_clientNetwork is not null)
            {
                await _clientNetwork.DisposeAsync();
            }

            _clientNetwork = null;
        }

        public async ValueTask DisposeAsync()
        {
            await Profile.DisposeAsync();
            await StopNetworkAsync();
        }
    }

    /// <summary>The transport of the network started now (the node outlives a network restart in this test).</summary>
    private sealed class DeferredTransport(Func<IRelayTransport> current) : IRelayTransport
    {
        public Task<DepositOutcome> DepositAsync(RelayEndpoint relay, byte[] token, byte[] blob, CancellationToken cancellationToken) =>
            current().DepositAsync(relay, token, blob, cancellationToken);

        public Task<FetchOutcome> FetchAsync(RelayEndpoint relay, IReadOnlyList<byte[]> tokens, CancellationToken cancellationToken) =>
            current().FetchAsync(relay, tokens, cancellationToken);

        public Task<ConfirmOutcome> ConfirmAsync(RelayEndpoint relay, IReadOnlyList<byte[]> blobIds, CancellationToken cancellationToken) =>
            current().ConfirmAsync(relay, blobIds, cancellationToken);
    }
}
