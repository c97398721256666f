using Pvtcoms.Actors.Client;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Tests.Support;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.Actors.Tests.Client;

/// <summary>Two (or three) client nodes over the in-memory relay and stores: the flows and the crash invariants.</summary>
public sealed class ClientNodeTests : IAsyncLifetime
{
    private const string AliceRelay = "127.0.0.1:7101";
    private const string BobRelay = "127.0.0.1:7102";

    private readonly InMemoryRelayTransport _relay = new();
    private TestProfile _alice = null!;
    private TestProfile _bob = null!;

    public Task InitializeAsync()
    {
        _alice = new TestProfile("Alice", AliceRelay, _relay);
        _bob = new TestProfile("Bob", BobRelay, _relay);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _alice.DisposeAsync();
        await _bob.DisposeAsync();
    }

    [Fact]
    public async Task Bob_accepts_while_Alice_is_offline_and_Alice_gets_the_contact_and_first_message_when_she_starts()
    {
        await _alice.StartAsync();
        var invite = await _alice.Running.CreateInviteAsync();
        await _alice.StopAsync();

        await _bob.StartAsync();
        var alice = await _bob.Running.AcceptInviteAsync(invite, "Alice", "hello Alice");
        await Eventually.TrueAsync(() => _bob.HistoryWith(alice).Single().State == DeliveryState.AtRelay, "the intro is at Alice's relay");

        await _alice.StartAsync();
        await PumpUntil(() => _alice.Store.LoadContacts().Count == 1 && _alice.HistoryWith(_alice.OnlyContact).Count == 1, "Alice has Bob");
        var bob = _alice.OnlyContact;
        Assert.Equal("hello Alice", _alice.HistoryWith(bob).Single().Text);
        Assert.Equal("Bob", _alice.Store.LoadContact(bob)!.DisplayName);
        Assert.Equal(BobRelay, _alice.Store.LoadContact(bob)!.PeerRelay);
        Assert.Equal(_bob.Running.SafetyNumberWith(alice), _alice.Running.SafetyNumberWith(bob));
        await PumpUntil(() => _bob.HistoryWith(alice).Single().State == DeliveryState.Delivered, "Bob sees Delivered");
    }

    [Fact]
    public async Task Messages_flow_both_ways_and_reach_Delivered_then_Read()
    {
        var (aliceSideBob, bobSideAlice) = await ConnectAsync();
        var toBob = await _alice.Running.SendAsync(aliceSideBob, "how are you?");
        var toAlice = await _bob.Running.SendAsync(bobSideAlice, "fine, and you?");

        await PumpUntil(() => State(_alice, toBob) == DeliveryState.Delivered && State(_bob, toAlice) == DeliveryState.Delivered, "both Delivered");
        Assert.Contains(_bob.HistoryWith(bobSideAlice), m => m.Text == "how are you?" && m.Direction == MessageDirection.Incoming);
        Assert.Contains(_alice.HistoryWith(aliceSideBob), m => m.Text == "fine, and you?" && m.Direction == MessageDirection.Incoming);

        await _bob.Running.MarkReadAsync(bobSideAlice);
        await PumpUntil(() => State(_alice, toBob) == DeliveryState.Read, "Alice sees Read");
        Assert.Contains(_alice.Events.OfType<DeliveryStateChanged>(), e => e.Message == toBob && e.State == DeliveryState.AtRelay);
        Assert.Contains(_alice.Events.OfType<DeliveryStateChanged>(), e => e.Message == toBob && e.State == DeliveryState.Read);
        Assert.NotEqual(DeliveryState.Read, State(_bob, toAlice));
    }

    [Fact]
    public async Task A_blob_fetched_again_after_a_lost_confirm_is_shown_once()
    {
        var (aliceSideBob, bobSideAlice) = await ConnectAsync();
        _relay.DropConfirms = true;
        await _bob.Running.SendAsync(bobSideAlice, "once");
        await Eventually.TrueAsync(() => _bob.HistoryWith(bobSideAlice).Last().State == DeliveryState.AtRelay, "deposited");
        var pending = _relay.PendingOn(AliceRelay);

        await _alice.Running.PollNowAsync();
        await _alice.Running.PollNowAsync();
        await _alice.Running.PollNowAsync();
        _relay.DropConfirms = false;
        await _alice.Running.PollNowAsync();

        Assert.Single(_alice.HistoryWith(aliceSideBob), m => m.Text == "once");
        Assert.Equal(1, _alice.Count<MessageReceived>(e => e.Contact == aliceSideBob && _alice.Store.LoadMessage(e.Message)!.Text == "once"));
        Assert.True(_relay.PendingOn(AliceRelay) < pending, "the blob was burned once the confirm got through");
    }

    [Fact]
    public async Task A_crash_between_the_incoming_commit_and_the_confirm_loses_nothing_and_shows_the_message_once()
    {
        var (aliceSideBob, bobSideAlice) = await ConnectAsync();
        await _bob.Running.SendAsync(bobSideAlice, "survives");
        await Eventually.TrueAsync(() => _bob.HistoryWith(bobSideAlice).Last().State == DeliveryState.AtRelay, "deposited");

        _relay.DropConfirms = true; // the burn never reaches the relay: the process "dies" right after the commit
        await _alice.Running.PollNowAsync();
        Assert.Single(_alice.HistoryWith(aliceSideBob), m => m.Text == "survives");
        await _alice.StopAsync();
        _relay.DropConfirms = false;

        await _alice.StartAsync();
        await _alice.Running.PollNowAsync();
        Assert.Single(_alice.HistoryWith(aliceSideBob), m => m.Text == "survives");

        var reply = await _alice.Running.SendAsync(aliceSideBob, "after restart");
        await PumpUntil(() => _bob.HistoryWith(bobSideAlice).Any(m => m.Text == "after restart") && State(_alice, reply) == DeliveryState.Delivered,
            "the session still works both ways");
    }

    [Fact]
    public async Task A_store_failure_inside_the_incoming_commit_leaves_the_blob_for_the_next_poll()
    {
        var (aliceSideBob, bobSideAlice) = await ConnectAsync();
        await _bob.Running.SendAsync(bobSideAlice, "retry me");
        await Eventually.TrueAsync(() => _bob.HistoryWith(bobSideAlice).Last().State == DeliveryState.AtRelay, "deposited");
        var pendingBefore = _relay.PendingCount;

        _alice.Store.FailNextCommit();
        await _alice.Running.PollNowAsync();
        Assert.DoesNotContain(_alice.HistoryWith(aliceSideBob), m => m.Text == "retry me");
        Assert.Equal(pendingBefore, _relay.PendingCount);

        await _alice.Running.PollNowAsync();
        Assert.Single(_alice.HistoryWith(aliceSideBob), m => m.Text == "retry me");
        var next = await _bob.Running.SendAsync(bobSideAlice, "and the next one");
        await PumpUntil(() => _alice.HistoryWith(aliceSideBob).Any(m => m.Text == "and the next one") && State(_bob, next) == DeliveryState.Delivered,
            "the contact recovered from its restart");
    }

    [Fact]
    public async Task A_crash_between_CommitOutgoing_and_the_deposit_resends_the_same_bytes_and_the_peer_shows_it_once()
    {
        var (aliceSideBob, bobSideAlice) = await ConnectAsync();
        _relay.FailDeposits = true;
        var id = await _bob.Running.SendAsync(bobSideAlice, "queued through a crash");
        var queued = Assert.Single(_bob.Store.LoadOutbox(), i => i.Id == id);
        await _bob.StopAsync();
        _relay.FailDeposits = false;

        await _bob.StartAsync();
        await Eventually.TrueAsync(() => State(_bob, id) == DeliveryState.AtRelay, "re-sent after restart");
        Assert.DoesNotContain(_bob.Store.LoadOutbox(), i => i.Id == id);
        await PumpUntil(() => _alice.HistoryWith(aliceSideBob).Any(m => m.Text == "queued through a crash"), "Alice got it");
        Assert.Single(_alice.HistoryWith(aliceSideBob), m => m.Text == "queued through a crash");
        Assert.Equal(32, queued.Token.Length);
    }

    [Fact]
    public async Task A_deposit_whose_answer_was_lost_is_retried_and_still_shown_once()
    {
        var (aliceSideBob, bobSideAlice) = await ConnectAsync();
        _relay.LoseDepositAcks = true;
        var id = await _bob.Running.SendAsync(bobSideAlice, "acked late");
        await Eventually.TrueAsync(() => _bob.Store.LoadOutbox().Any(i => i.Id == id && i.Attempts >= 2), "retried");
        _relay.LoseDepositAcks = false;
        await Eventually.TrueAsync(() => State(_bob, id) == DeliveryState.AtRelay, "completed");

        await PumpUntil(() => State(_bob, id) == DeliveryState.Delivered, "delivered");
        Assert.Single(_alice.HistoryWith(aliceSideBob), m => m.Text == "acked late");
    }

    [Fact]
    public async Task A_permanent_refusal_marks_the_message_Failed_and_says_so()
    {
        var (_, bobSideAlice) = await ConnectAsync();
        _relay.RefuseDeposits = RelayRejection.Unauthorized;
        var id = await _bob.Running.SendAsync(bobSideAlice, "refused");
        await Eventually.TrueAsync(() => State(_bob, id) == DeliveryState.Failed, "Failed");
        await Eventually.TrueAsync(() => _bob.Count<DeliveryStateChanged>(e => e.Message == id && e.State == DeliveryState.Failed) == 1, "the Failed event");
        Assert.Empty(_bob.Store.LoadOutbox());
    }

    [Fact]
    public async Task A_crash_in_one_contact_does_not_affect_another()
    {
        var carol = new TestProfile("Carol", "127.0.0.1:7103", _relay);
        await using var _ = carol;
        var (aliceSideBob, bobSideAlice) = await ConnectAsync();
        await carol.StartAsync();
        var aliceSideCarol = await AcceptAsync(_alice, carol);

        _alice.Running.CrashContactForTest(aliceSideBob);
        var toCarol = await _alice.Running.SendAsync(aliceSideCarol, "to carol");
        var toBob = await _alice.Running.SendAsync(aliceSideBob, "to bob after the crash");
        await PumpUntil(() => State(_alice, toCarol) == DeliveryState.Delivered && State(_alice, toBob) == DeliveryState.Delivered,
            "both contacts work", carol);
        Assert.Contains(_bob.HistoryWith(bobSideAlice), m => m.Text == "to bob after the crash");
    }

    [Fact]
    public async Task An_idle_contact_passivates_and_rehydrates_from_the_store()
    {
        await _alice.DisposeAsync();
        _alice = new TestProfile("Alice", AliceRelay, _relay, configure: o => o with { ContactIdleTimeout = TimeSpan.FromMilliseconds(100) });
        var (aliceSideBob, bobSideAlice) = await ConnectAsync();
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(300); // long enough for the 100 ms idle timeout to passivate the contact actor
            var id = await _alice.Running.SendAsync(aliceSideBob, $"message {i}");
            await PumpUntil(() => State(_alice, id) == DeliveryState.Delivered, $"message {i} delivered");
        }

        Assert.Equal(3, _bob.HistoryWith(bobSideAlice).Count(m => m.Text.StartsWith("message ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Bob_finds_Alice_in_the_directory_by_her_identity_key_and_introduces_himself()
    {
        await _alice.StartAsync();
        await _bob.StartAsync();
        ContactId? found = null;
        await Eventually.TrueAsync(() => found is not null, "the directory record is published and found", async () =>
        {
            try
            {
                found = await _bob.Running.AddFromDirectoryAsync(_alice.Running.Identity, AliceRelay, "Alice", "found you");
            }
            catch (InvalidOperationException)
            {
                // not published yet
            }
        });

        await PumpUntil(() => _alice.Store.LoadContacts().Count == 1 && _alice.HistoryWith(_alice.OnlyContact).Any(m => m.Text == "found you"), "Alice has Bob");
        Assert.Equal(_bob.Running.Identity.ToArray(), _alice.Store.LoadContacts().Single().IdentityKey);
    }

    [Fact]
    public async Task An_identity_rotation_re_pins_the_contact_and_keeps_the_previous_key()
    {
        var (_, bobSideAlice) = await ConnectAsync();
        var oldKey = _alice.Running.Identity.ToArray();
        var oldNumber = _bob.Running.SafetyNumberWith(bobSideAlice);

        await _alice.Running.RotateIdentityAsync();
        await PumpUntil(() => _bob.Count<ContactKeyChanged>() == 1, "Bob saw the key change");

        var record = _bob.Store.LoadContact(bobSideAlice)!;
        Assert.Equal(oldKey, record.PreviousIdentityKey);
        Assert.Equal(_alice.Running.Identity.ToArray(), record.IdentityKey);
        Assert.NotEqual(oldNumber, _bob.Running.SafetyNumberWith(bobSideAlice));
        var after = await _alice.Running.SendAsync(_alice.OnlyContact, "still me");
        await PumpUntil(() => State(_alice, after) == DeliveryState.Delivered, "the session survives the rotation");
    }

    [Fact]
    public async Task Cover_blobs_are_deposited_and_reclaimed_on_poll()
    {
        await _alice.DisposeAsync();
        _alice = new TestProfile("Alice", AliceRelay, _relay,
            configure: o => o with { CoverTraffic = true, CoverInterval = TimeSpan.FromMilliseconds(50), PublishDirectoryRecord = false });
        await _alice.StartAsync();
        await Eventually.TrueAsync(() => _relay.DepositsStored >= 3, "cover deposits");
        var burnedBefore = _relay.Burned;
        await _alice.Running.PollNowAsync();
        Assert.True(_relay.Burned > burnedBefore);
    }

    [Fact]
    public async Task An_unopenable_blob_under_an_intro_token_is_burned_only_after_enough_polls_and_time()
    {
        var clock = new ManualClock();
        await _alice.DisposeAsync();
        _alice = new TestProfile("Alice", AliceRelay, _relay, clock,
            o => o with { PoisonBlobPolls = 3, PoisonBlobAge = TimeSpan.FromMinutes(10), PublishDirectoryRecord = false });
        await _alice.StartAsync();
        var invite = Invite.Parse(await _alice.Running.CreateInviteAsync()).Value;
        var garbage = CoverBlob.Create(Pvtcoms.Protocol.Crypto.SystemEntropy.Instance, RelayLimits.Bucket4KiB);
        _relay.Inject(AliceRelay, invite.IntroToken.ToArray(), garbage);

        for (var i = 0; i < 5; i++)
        {
            await _alice.Running.PollNowAsync();
        }

        Assert.Equal(1, _relay.PendingUnder(AliceRelay, invite.IntroToken.ToArray()));
        clock.Advance(TimeSpan.FromMinutes(11));
        await _alice.Running.PollNowAsync();
        await Eventually.TrueAsync(() => _relay.PendingUnder(AliceRelay, invite.IntroToken.ToArray()) == 0, "the poison blob is burned");
        await Eventually.TrueAsync(() => _alice.Count<PoisonBlobDiscarded>() == 1, "the discard is reported");
        Assert.Empty(_alice.Store.LoadContacts());
    }

    private static DeliveryState? State(TestProfile profile, MessageId id) => profile.Store.LoadMessage(id)?.State;

    /// <summary>Starts Alice and Bob, Bob accepts Alice's invite, both see each other.</summary>
    private async Task<(ContactId AliceSideBob, ContactId BobSideAlice)> ConnectAsync()
    {
        await _alice.StartAsync();
        await _bob.StartAsync();
        var aliceSideBob = await AcceptAsync(_alice, _bob);
        return (aliceSideBob, _bob.Store.LoadContacts().Single(c => c.IdentityKey.AsSpan().SequenceEqual(_alice.Running.Identity.Bytes)).Id);
    }

    /// <summary><paramref name="acceptor"/> accepts an invite of <paramref name="inviter"/>; returns the inviter's id for the acceptor.</summary>
    private async Task<ContactId> AcceptAsync(TestProfile inviter, TestProfile acceptor)
    {
        var before = inviter.Store.LoadContacts().Count;
        var invite = await inviter.Running.CreateInviteAsync();
        await acceptor.Running.AcceptInviteAsync(invite, inviter.Name, null);
        await PumpUntil(() => inviter.Store.LoadContacts().Count == before + 1, $"{inviter.Name} has {acceptor.Name}", acceptor);
        return inviter.Store.LoadContacts()[^1].Id;
    }

    private Task PumpUntil(Func<bool> condition, string what, params TestProfile[] others) =>
        Eventually.TrueAsync(condition, what, async () =>
        {
            foreach (var profile in new[] { _alice, _bob }.Concat(others))
            {
                if (profile.Node is { } node)
                {
                    await node.PollNowAsync();
                }
            }
        });
}
