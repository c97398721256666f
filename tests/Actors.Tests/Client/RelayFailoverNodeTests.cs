using Pvtcoms.Actors.Client;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Tests.Support;
using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Actors.Tests.Client;

/// <summary>
/// The running node's relay failover (ADR 0087), over the in-memory relays with per-relay outages: Alice and Bob
/// share a distribution's relays (primary and <c>relay2=</c> failover); Carol has a relay of her own.
/// </summary>
public sealed class RelayFailoverNodeTests : IAsyncLifetime
{
    private const string Primary = "127.0.0.1:7201";
    private const string Failover = "127.0.0.1:7202";
    private const string CarolRelay = "127.0.0.1:7203";

    private readonly RelayOutages _outages = new(new InMemoryRelayTransport());
    private readonly List<TestProfile> _profiles = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var profile in _profiles)
        {
            await profile.DisposeAsync();
        }
    }

    [Fact]
    public async Task While_a_default_primary_is_down_deposits_go_to_the_failover_and_return_to_the_primary_once_it_answers()
    {
        var alice = Profile("Alice", Primary, explicitPrimary: false);
        var bob = Profile("Bob", Primary, explicitPrimary: false);
        var (aliceSideBob, bobSideAlice) = await ConnectAsync(alice, bob);

        _outages.Down(Primary);
        var during = await bob.Running.SendAsync(bobSideAlice, "during the outage");
        await Eventually.TrueAsync(() => State(bob, during) == DeliveryState.AtRelay, "Bob's message is at a relay");
        Assert.True(_outages.Relays.PendingOn(Failover) > 0, "the message waits on the failover relay");
        Assert.Equal(Primary, bob.Store.LoadContact(bobSideAlice)!.PeerRelay); // the contact still names the primary

        await PumpUntil(() => alice.HistoryWith(aliceSideBob).Any(m => m.Text == "during the outage"), "Alice got it from the failover", alice, bob);
        await PumpUntil(() => State(bob, during) == DeliveryState.Delivered, "Alice's receipt reached Bob through the failover too", alice, bob);

        _outages.Up(Primary);
        await bob.Running.PollNowAsync(); // the primary answers again: its failures are forgotten
        var pendingOnFailover = _outages.Relays.PendingOn(Failover);
        var after = await bob.Running.SendAsync(bobSideAlice, "after the outage");
        await Eventually.TrueAsync(() => State(bob, after) == DeliveryState.AtRelay, "Bob's next message is at a relay");
        Assert.True(_outages.Relays.PendingOn(Primary) > 0, "the next message went to the primary");
        Assert.Equal(pendingOnFailover, _outages.Relays.PendingOn(Failover));
        await PumpUntil(() => alice.HistoryWith(aliceSideBob).Any(m => m.Text == "after the outage"), "Alice got it from the primary", alice, bob);
    }

    [Fact]
    public async Task An_explicit_primary_is_never_replaced_the_message_stays_queued_and_is_delivered_when_the_primary_returns()
    {
        var alice = Profile("Alice", Primary, explicitPrimary: true);
        var bob = Profile("Bob", Primary, explicitPrimary: true);
        var (aliceSideBob, bobSideAlice) = await ConnectAsync(alice, bob);

        _outages.Down(Primary);
        var queued = await bob.Running.SendAsync(bobSideAlice, "wait for my relay");
        await Eventually.TrueAsync(() => _outages.DepositAttemptsAt(Primary) >= 5 + RelayReachabilityThreshold, "Bob keeps retrying his relay");
        Assert.Equal(DeliveryState.Queued, State(bob, queued));
        Assert.Contains(bob.Events.OfType<RelayStatusChanged>(), e => e.Relay == Primary && !e.Reachable);
        Assert.Equal(0, _outages.DepositAttemptsAt(Failover));
        Assert.Single(bob.Store.LoadOutbox(), i => i.Id == queued);

        _outages.Up(Primary);
        await PumpUntil(() => alice.HistoryWith(aliceSideBob).Any(m => m.Text == "wait for my relay") && State(bob, queued) == DeliveryState.Delivered,
            "delivered through the primary once it is back", alice, bob);
        Assert.Equal(0, _outages.DepositAttemptsAt(Failover));
        Assert.Contains(bob.Events.OfType<RelayStatusChanged>(), e => e.Relay == Primary && e.Reachable);
    }

    [Fact]
    public async Task The_poller_fetches_from_the_primary_and_the_failover_even_when_the_primary_is_explicit()
    {
        var alice = Profile("Alice", Primary, explicitPrimary: true);
        await alice.StartAsync();
        _ = await alice.Running.CreateInviteAsync(); // an open intro token: something to poll for

        await alice.Running.PollNowAsync();
        Assert.Equal(1, _outages.FetchesAt(Primary));
        Assert.Equal(1, _outages.FetchesAt(Failover));

        _outages.Down(Primary);
        await alice.Running.PollNowAsync();
        Assert.Equal(2, _outages.FetchesAt(Failover));
        await Eventually.TrueAsync(() => alice.Events.OfType<RelayStatusChanged>().Any(e => e.Relay == Primary && !e.Reachable), "the outage is reported");
    }

    [Fact]
    public async Task A_contact_on_another_relay_is_never_redirected_to_the_own_failover()
    {
        var bob = Profile("Bob", Primary, explicitPrimary: false);
        var carol = Profile("Carol", CarolRelay, explicitPrimary: false, failover: null);
        var (_, bobSideCarol) = await ConnectAsync(carol, bob);

        _outages.Down(Primary);
        _outages.Down(CarolRelay);
        for (var i = 0; i < RelayReachabilityThreshold; i++)
        {
            await bob.Running.PollNowAsync(); // Bob sees his own primary down: his failover is active
        }

        var queued = await bob.Running.SendAsync(bobSideCarol, "for Carol's relay only");
        await Eventually.TrueAsync(() => _outages.DepositAttemptsAt(CarolRelay) >= 5 + RelayReachabilityThreshold, "Bob keeps retrying Carol's relay");
        Assert.Equal(DeliveryState.Queued, State(bob, queued));
        Assert.Equal(0, _outages.DepositAttemptsAt(Failover));

        _outages.Up(CarolRelay);
        await PumpUntil(() => carol.HistoryWith(carol.OnlyContact).Any(m => m.Text == "for Carol's relay only"), "Carol got it from her relay", carol, bob);
        Assert.Equal(0, _outages.DepositAttemptsAt(Failover));
    }

    private static int RelayReachabilityThreshold => Pvtcoms.Actors.Profiles.RelayReachability.UnreachableAfter;

    private TestProfile Profile(string name, string relay, bool explicitPrimary, string? failover = Failover)
    {
        var profile = new TestProfile(name, relay, _outages, configure: o => o with
        {
            FailoverRelay = failover is null ? null : RelayEndpoint.Parse(failover).Value,
            OwnRelayIsExplicit = explicitPrimary,
        });
        _profiles.Add(profile);
        return profile;
    }

    private static DeliveryState? State(TestProfile profile, MessageId id) => profile.Store.LoadMessage(id)?.State;

    /// <summary>Starts both; <paramref name="acceptor"/> accepts an invite of <paramref name="inviter"/> while every relay is up.</summary>
    private static async Task<(ContactId InviterSideAcceptor, ContactId AcceptorSideInviter)> ConnectAsync(TestProfile inviter, TestProfile acceptor)
    {
        await inviter.StartAsync();
        await acceptor.StartAsync();
        var invite = await inviter.Running.CreateInviteAsync();
        var acceptorSide = await acceptor.Running.AcceptInviteAsync(invite, inviter.Name, "hello");
        await PumpUntil(() => inviter.Store.LoadContacts().Count == 1 && acceptor.HistoryWith(acceptorSide).Single().State == DeliveryState.Delivered,
            $"{inviter.Name} has {acceptor.Name}", inviter, acceptor);
        return (inviter.OnlyContact, acceptorSide);
    }

    private static Task PumpUntil(Func<bool> condition, string what, params TestProfile[] profiles) =>
        Eventually.TrueAsync(condition, what, async () =>
        {
            foreach (var profile in profiles)
            {
                if (profile.Node is { } node)
                {
                    await node.PollNowAsync();
                }
            }
        });
}
