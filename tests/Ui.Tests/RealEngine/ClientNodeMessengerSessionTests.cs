using Pvtcoms.Actors.Storage;
using Pvtcoms.Host.Cli;
using Pvtcoms.Actors.Profiles;
using Pvtcoms.Ui.Blazor.Engine;
using Pvtcoms.Ui.Blazor.Engine.Client;

namespace Pvtcoms.Ui.Tests.RealEngine;

/// <summary>
/// The adapter over the real engine: desktop profiles (sealed store, ClientNode) talking through the testbed's
/// relay in this process. Each test gets its own relay and profiles.
/// </summary>
public sealed class ClientNodeMessengerSessionTests : IAsyncLifetime
{
    private static readonly CancellationToken s_none = CancellationToken.None;
    private readonly RealEngineWorld _world = new();

    public Task InitializeAsync() => _world.InitializeAsync();

    public Task DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task A_new_profile_has_no_identity_until_the_first_run_creates_it_once()
    {
        using var session = _world.NewSession("alice", out var profile);
        var before = await session.GetProfileAsync(s_none);

        var badRelay = await session.CreateIdentityAsync(new FirstRunRequest("Alice", RealEngineWorld.Passphrase, "example.com:80"), s_none);
        var weak = await session.CreateIdentityAsync(new FirstRunRequest("Alice", "short", _world.RelayAddress), s_none);
        var created = await session.CreateIdentityAsync(new FirstRunRequest("Alice", RealEngineWorld.Passphrase, _world.RelayAddress), s_none);
        var again = await session.CreateIdentityAsync(new FirstRunRequest("Alice", RealEngineWorld.Passphrase, _world.RelayAddress), s_none);
        var after = await session.GetProfileAsync(s_none);

        Assert.False(before.HasIdentity);
        Assert.Equal(FirstRunOutcome.InvalidRelay, badRelay);
        Assert.Equal(FirstRunOutcome.PassphraseTooWeak, weak);
        Assert.Equal(FirstRunOutcome.Created, created);
        Assert.Equal(FirstRunOutcome.AlreadyExists, again);
        Assert.True(after.HasIdentity);
        Assert.Equal("Alice", after.DisplayName);
        Assert.Equal(profile.Engine!.Node.Identity.Fingerprint, after.Fingerprint);
        Assert.Equal(_world.RelayAddress, (await session.GetSettingsAsync(s_none)).Relay);
        Assert.Equal(TorState.NotUsed, session.Status.Tor);
    }

    [Fact]
    public async Task Invite_accept_and_messages_both_ways_with_unread_counts_and_delivery_states()
    {
        var (alice, _) = await _world.CreatedSessionAsync("alice");
        var (bob, _) = await _world.CreatedSessionAsync("bob");
        using var _a = alice;
        using var _b = bob;
        var aliceChanges = new List<SessionChangedEventArgs>();
        alice.Changed += (_, e) =>
        {
            lock (aliceChanges)
            {
                aliceChanges.Add(e);
            }
        };

        var invite = await alice.CreateInviteAsync(s_none);
        var accepted = await bob.AcceptInviteAsync(invite, "Alice", s_none);
        Assert.Equal(InviteAcceptOutcome.Accepted, accepted.Outcome);
        var aliceAtBob = accepted.Contact!.Value;
        await Eventually.HoldsAsync(async () => (await alice.GetContactsAsync(s_none)).Count == 1, "alice has bob as a contact");
        var bobAtAlice = (await alice.GetContactsAsync(s_none)).Single().Id;

        var sent = await bob.SendAsync(aliceAtBob, "Hi Alice", s_none);
        Assert.Equal(SendOutcomeKind.Queued, sent.Kind);
        await Eventually.HoldsAsync(async () => (await alice.GetContactAsync(bobAtAlice, s_none))!.UnreadCount == 1, "alice has one unread message");
        await Eventually.HoldsAsync(async () => State(await bob.GetHistoryAsync(aliceAtBob, 10, s_none), sent.Message!.Value) == DeliveryState.Delivered,
            "bob's message is delivered");

        await alice.MarkReadAsync(bobAtAlice, s_none);
        Assert.Equal(0, (await alice.GetContactAsync(bobAtAlice, s_none))!.UnreadCount);
        await Eventually.HoldsAsync(async () => State(await bob.GetHistoryAsync(aliceAtBob, 10, s_none), sent.Message!.Value) == DeliveryState.Read,
            "bob's message is read");

        var reply = await alice.SendAsync(bobAtAlice, "Hi Bob", s_none);
        await Eventually.HoldsAsync(async () => (await bob.GetHistoryAsync(aliceAtBob, 10, s_none)).Any(m => m.Direction == MessageDirection.Incoming && m.Text == "Hi Bob"),
            "bob has alice's reply");
        await Eventually.HoldsAsync(() => Task.FromResult(alice.Status.Relay == RelayState.Reachable), "alice's relay shows reachable");

        var history = await alice.GetHistoryAsync(bobAtAlice, 10, s_none);
        Assert.Equal(["Hi Alice", "Hi Bob"], history.Select(m => m.Text));
        Assert.Equal(reply.Message, history[1].Id);
        Assert.Equal(await alice.GetSafetyNumberAsync(bobAtAlice, s_none), await bob.GetSafetyNumberAsync(aliceAtBob, s_none));
        lock (aliceChanges)
        {
            Assert.Contains(aliceChanges, c => c.Kind.HasFlag(SessionChangeKind.History) && c.Contact == bobAtAlice);
            Assert.Contains(aliceChanges, c => c.Kind.HasFlag(SessionChangeKind.Contacts));
        }
    }

    [Fact]
    public async Task Sending_nothing_too_much_or_to_nobody_is_refused_without_touching_the_engine()
    {
        var (alice, profile) = await _world.CreatedSessionAsync("alice");
        using var _ = alice;

        var empty = await alice.SendAsync(ContactId.New(), "   ", s_none);
        var tooLong = await alice.SendAsync(ContactId.New(), new string('x', SendOutcome.MaxTextLength + 1), s_none);
        var nobody = await alice.SendAsync(ContactId.New(), "hello", s_none);

        Assert.Equal(SendOutcomeKind.Empty, empty.Kind);
        Assert.Equal(SendOutcomeKind.TooLong, tooLong.Kind);
        Assert.Equal(SendOutcomeKind.UnknownContact, nobody.Kind);
        Assert.Empty(profile.Engine!.Store.LoadOutbox());
    }

    [Fact]
    public async Task A_malformed_invite_and_the_own_invite_are_refused()
    {
        var (alice, _) = await _world.CreatedSessionAsync("alice");
        using var _ = alice;
        var own = await alice.CreateInviteAsync(s_none);

        var malformed = await alice.AcceptInviteAsync("pvtcoms1:not-an-invite", "x", s_none);
        var tampered = await alice.AcceptInviteAsync(own[..^4] + (own[^4..] == "aaaa" ? "bbbb" : "aaaa"), "x", s_none);
        var ownResult = await alice.AcceptInviteAsync(own, "me", s_none);

        Assert.Equal(InviteAcceptOutcome.Malformed, malformed.Outcome);
        Assert.Equal(InviteAcceptOutcome.Malformed, tampered.Outcome);
        Assert.Equal(InviteAcceptOutcome.OwnInvite, ownResult.Outcome);
        Assert.Empty(await alice.GetContactsAsync(s_none));
    }

    [Fact]
    public async Task A_key_change_is_flagged_until_the_new_key_is_verified()
    {
        var (alice, _) = await _world.CreatedSessionAsync("alice");
        var (bob, bobProfile) = await _world.CreatedSessionAsync("bob");
        using var _a = alice;
        using var _b = bob;
        await bob.AcceptInviteAsync(await alice.CreateInviteAsync(s_none), "Alice", s_none);
        await Eventually.HoldsAsync(async () => (await alice.GetContactsAsync(s_none)).Count == 1, "alice has bob");
        var bobAtAlice = (await alice.GetContactsAsync(s_none)).Single().Id;
        await alice.MarkVerifiedAsync(bobAtAlice, s_none);
        var verified = await alice.GetContactAsync(bobAtAlice, s_none);

        await bobProfile.Engine!.Node.RotateIdentityAsync();
        await Eventually.HoldsAsync(async () => (await alice.GetContactAsync(bobAtAlice, s_none))!.KeyChanged, "alice sees bob's key change");
        var changed = await alice.GetContactAsync(bobAtAlice, s_none);
        await alice.MarkVerifiedAsync(bobAtAlice, s_none);
        var reverified = await alice.GetContactAsync(bobAtAlice, s_none);

        Assert.True(verified!.Verified);
        Assert.False(verified.KeyChanged);
        Assert.False(changed!.Verified);
        Assert.True(reverified!.Verified);
        Assert.False(reverified.KeyChanged);
    }

    [Fact]
    public async Task Settings_are_checked_saved_and_kept_with_the_name_across_an_unlock()
    {
        var (alice, profile) = await _world.CreatedSessionAsync("alice");
        var fingerprint = profile.Engine!.Node.Identity.Fingerprint;
        var invalid = await alice.SaveSettingsAsync(new MessengerSettings("not a relay", null, 4, false), s_none);
        var badPow = await alice.SaveSettingsAsync(new MessengerSettings(_world.RelayAddress, null, 40, false), s_none);
        var saved = await alice.SaveSettingsAsync(new MessengerSettings(_world.RelayAddress, "127.0.0.1:1", 6, true), s_none);
        alice.Dispose();
        await profile.DisposeAsync();

        await using var reopened = _world.OpenProfile("alice");
        var wrong = Assert.Throws<CliError>(() => reopened.UnlockAsync(Passphrase.FromString("wrong passphrase!")).GetAwaiter().GetResult());
        using var passphrase = Passphrase.FromString(RealEngineWorld.Passphrase);
        using var again = ClientNodeMessengerSession.ForEngine(await reopened.UnlockAsync(passphrase));
        var settings = await again.GetSettingsAsync(s_none);
        var info = await again.GetProfileAsync(s_none);

        Assert.Equal(SettingsOutcome.InvalidRelay, invalid);
        Assert.Equal(SettingsOutcome.InvalidProofOfWork, badPow);
        Assert.Equal(SettingsOutcome.Saved, saved);
        Assert.Equal("wrong passphrase", wrong.Message);
        Assert.True(reopened.IsInitialised);
        Assert.Equal(new MessengerSettings(_world.RelayAddress, "127.0.0.1:1", 6, true), settings);
        Assert.Equal(6, reopened.Engine!.Settings.ProofOfWorkBits);
        Assert.Equal(("alice", fingerprint), (info.DisplayName, info.Fingerprint));
    }

    [Fact]
    public async Task A_locked_profile_opens_only_with_its_passphrase()
    {
        var (created, profile) = await _world.CreatedSessionAsync("alice", "Alice");
        var fingerprint = profile.Engine!.Node.Identity.Fingerprint;
        created.Dispose();
        await profile.DisposeAsync();
        await using var reopened = _world.OpenProfile("alice");
        using var session = ClientNodeMessengerSession.AwaitingUnlock(reopened.DefaultSettings(), reopened.TryUnlockAsync);

        var locked = await session.GetProfileAsync(s_none);
        var contactsWhileLocked = await session.GetContactsAsync(s_none);
        var wrong = await session.UnlockAsync("not the passphrase", s_none);
        var stillLocked = await session.GetProfileAsync(s_none);
        var right = await session.UnlockAsync(RealEngineWorld.Passphrase, s_none);
        var again = await session.UnlockAsync(RealEngineWorld.Passphrase, s_none);
        var open = await session.GetProfileAsync(s_none);

        Assert.Equal(new ProfileInfo(true, null, null, Locked: true), locked);
        Assert.Empty(contactsWhileLocked);
        Assert.Equal(UnlockOutcome.WrongPassphrase, wrong);
        Assert.True(stillLocked.Locked);
        Assert.Equal(UnlockOutcome.Unlocked, right);
        Assert.Equal(UnlockOutcome.NotLocked, again);
        Assert.Equal(new ProfileInfo(true, "Alice", fingerprint), open);
    }

    private static DeliveryState? State(IReadOnlyList<MessageRecord> history, MessageId id) => history.SingleOrDefault(m => m.Id == id)?.State;
}
