using Pvtcoms.Actors.Client;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Tests.Support;
using Pvtcoms.Actors.Tests.Tor.Support;
using Pvtcoms.Actors.Tor.Profile;
using Pvtcoms.Actors.Tor.Supervision;
using Pvtcoms.Actors.Transport;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Onion;
using Xunit.Abstractions;

namespace Pvtcoms.Actors.Tests.Tor.Profile;

/// <summary>
/// Issue 5 point 3 in the client: a profile whose relay is an onion dials only through its own tor; while that tor
/// is not bootstrapped (here it never is: its only directory authority does not exist), the introduction stays queued, every attempt is
/// a transient failure, and not one socket is opened — no fallback to anything.
/// </summary>
public sealed class ProfileTorFailClosedTests : Akka.TestKit.Xunit2.TestKit
{
    /// <summary>A network whose only directory authority does not exist: tor runs, opens its SOCKS port and never bootstraps.</summary>
    private static readonly string[] s_unreachableNetwork =
    [
        "TestingTorNetwork 1",
        "DirAuthority nobody orport=9 no-v2 v3ident=0000000000000000000000000000000000000001 127.0.0.1:9 0000000000000000000000000000000000000002",
        "UseMicrodescriptors 0",
        "ShutdownWaitLength 0",
    ];

    private readonly string _root = Directory.CreateTempSubdirectory("pvtcoms-profiletor-").FullName;

    public ProfileTorFailClosedTests(ITestOutputHelper output)
        : base(output: output)
    {
    }

    [Fact]
    public async Task While_the_profiles_tor_is_not_bootstrapped_an_introduction_stays_queued_and_no_socket_is_opened()
    {
        var sockets = new RecordingSocketFactory();
        await using var tor = ProfileTor.Start(Sys, Path.Combine(_root, "tor"), s_unreachableNetwork, sockets: sockets);
        var counting = new CountingTransport(new HttpRelayTransport(_ => new RelayAccess(1), TimeProvider.System, SystemEntropy.Instance,
            tor.ConnectCallback, TimeSpan.FromSeconds(10)));

        using var onion = OnionServiceKey.FromSeed(new byte[OnionServiceKey.SeedLength]);
        var aliceRelay = $"{onion.Address.HostName}:80";
        await using var alice = new TestProfile("alice", aliceRelay, new InMemoryRelayTransport(), configure: o => o with { PublishDirectoryRecord = false });
        await alice.StartAsync();
        var invite = await alice.Running.CreateInviteAsync();

        await using var bob = new TestProfile("bob", aliceRelay, counting, configure: o => o with { PublishDirectoryRecord = false });
        await bob.StartAsync();
        var aliceAtBob = await bob.Running.AcceptInviteAsync(invite, "alice", "hello");

        var phase = TorPhase.Starting;
        await Eventually.TrueAsync(() => phase == TorPhase.Bootstrapping, "bob's tor runs but is not bootstrapped",
            async () => phase = (await tor.StatusAsync()).Phase, seconds: 60);
        await Eventually.TrueAsync(() => counting.TransientDeposits >= 3, "bob's outbox tried the deposit several times", seconds: 60);

        Assert.False(tor.IsReady);
        Assert.Contains(bob.Store.LoadOutbox(), item => item.Contact == aliceAtBob);
        Assert.NotEqual(DeliveryState.AtRelay, bob.HistoryWith(aliceAtBob).Single().State);
        Assert.Equal(0, counting.OkDeposits);
        Assert.Empty(sockets.Attempts);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // tor may still be removing its lock file; the temp directory is left behind.
            }
        }
    }

    /// <summary>Counts deposit outcomes of the real transport.</summary>
    private sealed class CountingTransport(IRelayTransport inner) : IRelayTransport
    {
        private int _transient;
        private int _ok;

        public int TransientDeposits => Volatile.Read(ref _transient);

        public int OkDeposits => Volatile.Read(ref _ok);

        public async Task<DepositOutcome> DepositAsync(RelayEndpoint relay, byte[] token, byte[] blob, CancellationToken cancellationToken)
        {
            var outcome = await inner.DepositAsync(relay, token, blob, cancellationToken);
            Interlocked.Increment(ref outcome.Status == RelayCallStatus.Ok ? ref _ok : ref _transient);
            return outcome;
        }

        public Task<FetchOutcome> FetchAsync(RelayEndpoint relay, IReadOnlyList<byte[]> tokens, CancellationToken cancellationToken) =>
            inner.FetchAsync(relay, tokens, cancellationToken);

        public Task<ConfirmOutcome> ConfirmAsync(RelayEndpoint relay, IReadOnlyList<byte[]> blobIds, CancellationToken cancellationToken) =>
            inner.ConfirmAsync(relay, blobIds, cancellationToken);
    }
}
