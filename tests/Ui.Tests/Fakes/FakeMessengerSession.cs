using System.Security.Cryptography;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Ui.Blazor.Engine;

namespace Pvtcoms.Ui.Tests.Fakes;

/// <summary>
/// An in-memory <see cref="IMessengerSession"/> that behaves like one user of the real engine, for UI tests:
/// real identity keys, real invite text, real safety numbers; messages travel through a <see cref="FakeNetwork"/>.
/// </summary>
public sealed class FakeMessengerSession : IMessengerSession, IDisposable
{
    private readonly Lock _gate = new();
    private readonly FakeNetwork _network;
    private readonly Dictionary<ContactId, Conversation> _conversations = [];
    private readonly List<ContactId> _order = [];
    private IdentityKeyPair? _identity;
    private string? _displayName;
    private MessengerSettings _settings = new("127.0.0.1:9750", null, 8, CoverTraffic: false);
    private EngineStatus _status = new(TorState.NotUsed, 100, RelayState.Reachable, 0);

    public FakeMessengerSession(FakeNetwork network) => _network = network;

    public event EventHandler<SessionChangedEventArgs>? Changed;

    public EngineStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    public string? LastPassphrase { get; private set; }

    // ---- test controls -----------------------------------------------------------------------------------

    /// <summary>A profile that already has an identity (skips the first-run screen).</summary>
    public static FakeMessengerSession WithIdentity(FakeNetwork network, string name)
    {
        var session = new FakeMessengerSession(network);
        session.CreateIdentity(name);
        return session;
    }

    public void SetStatus(EngineStatus status)
    {
        lock (_gate)
        {
            _status = status;
        }

        Raise(SessionChangeKind.Status);
    }

    /// <summary>Adds a contact directly (no peer): for component tests.</summary>
    public ContactId AddContact(string name, bool verified = false, int unread = 0)
    {
        var id = ContactId.New();
        var record = new ContactRecord
        {
            Id = id,
            DisplayName = name,
            IdentityKey = RandomNumberGenerator.GetBytes(IdentityKey.Size),
            Verified = verified,
            PeerRelay = "127.0.0.1:9750",
            AddedAt = DateTimeOffset.UnixEpoch,
        };
        lock (_gate)
        {
            _conversations[id] = new Conversation(record, null, default) { Unread = unread };
            _order.Add(id);
        }

        Raise(SessionChangeKind.Contacts);
        return id;
    }

    /// <summary>The contact announced a new identity key: pinned key replaced, verification gone, warning on.</summary>
    public void SimulateKeyChange(ContactId contact)
    {
        lock (_gate)
        {
            var c = _conversations[contact];
            c.Record = c.Record with
            {
                PreviousIdentityKey = c.Record.IdentityKey,
                IdentityKey = RandomNumberGenerator.GetBytes(IdentityKey.Size),
                Verified = false,
            };
            c.KeyChanged = true;
        }

        Raise(SessionChangeKind.Contacts);
    }

    /// <summary>Puts a message in a contact's history directly (any direction and state).</summary>
    public MessageId AddMessage(ContactId contact, MessageDirection direction, string text, DeliveryState state)
    {
        var id = MessageId.New();
        lock (_gate)
        {
            var c = _conversations[contact];
            c.History.Add(new MessageRecord
            {
                Id = id,
                Contact = contact,
                Direction = direction,
                Sequence = c.History.Count + 1,
                Timestamp = DateTimeOffset.UtcNow,
                Text = text,
                State = state,
            });
        }

        Raise(SessionChangeKind.History, contact);
        return id;
    }

    public ContactView? Contact(ContactId contact)
    {
        lock (_gate)
        {
            return _conversations.TryGetValue(contact, out var c) ? c.View() : null;
        }
    }

    public IReadOnlyList<ContactView> Contacts()
    {
        lock (_gate)
        {
            return [.. _order.Select(id => _conversations[id].View())];
        }
    }

    public MessengerSettings Settings()
    {
        lock (_gate)
        {
            return _settings;
        }
    }

    public IReadOnlyList<MessageRecord> History(ContactId contact)
    {
        lock (_gate)
        {
            return [.. _conversations[contact].History];
        }
    }

    // ---- IMessengerSession -------------------------------------------------------------------------------

    public Task<UnlockOutcome> UnlockAsync(string passphrase, CancellationToken cancellationToken) => Task.FromResult(UnlockOutcome.NotLocked);

    public Task<ProfileInfo> GetProfileAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_identity is null
                ? new ProfileInfo(false, null, null)
                : new ProfileInfo(true, _displayName, _identity.PublicKey.Fingerprint));
        }
    }

    public Task<FirstRunOutcome> CreateIdentityAsync(FirstRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!RelayEndpoint.Parse(request.Relay).IsOk)
        {
            return Task.FromResult(FirstRunOutcome.InvalidRelay);
        }

        lock (_gate)
        {
            if (_identity is not null)
            {
                return Task.FromResult(FirstRunOutcome.AlreadyExists);
            }

            _settings = _settings with { Relay = request.Relay };
        }

        LastPassphrase = request.Passphrase;
        CreateIdentity(request.DisplayName);
        return Task.FromResult(FirstRunOutcome.Created);
    }

    public Task<IReadOnlyList<ContactView>> GetContactsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<ContactView> list = [.. _order.Select(id => _conversations[id].View())];
            return Task.FromResult(list);
        }
    }

    public Task<ContactView?> GetContactAsync(ContactId contact, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_conversations.TryGetValue(contact, out var c) ? c.View() : null);
        }
    }

    public Task<IReadOnlyList<MessageRecord>> GetHistoryAsync(ContactId contact, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<MessageRecord> list = _conversations.TryGetValue(contact, out var c) ? [.. c.History.TakeLast(max)] : [];
            return Task.FromResult(list);
        }
    }

    public Task<SendOutcome> SendAsync(ContactId contact, string text, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Task.FromResult(new SendOutcome(SendOutcomeKind.Empty, null));
        }

        if (text.Length > SendOutcome.MaxTextLength)
        {
            return Task.FromResult(new SendOutcome(SendOutcomeKind.TooLong, null));
        }

        Conversation? conversation;
        lock (_gate)
        {
            _conversations.TryGetValue(contact, out conversation);
        }

        if (conversation is null)
        {
            return Task.FromResult(new SendOutcome(SendOutcomeKind.UnknownContact, null));
        }

        var id = AddMessage(contact, MessageDirection.Outgoing, text, DeliveryState.Queued);
        if (!_network.RelayReachable)
        {
            _network.After(2, () => SetState(contact, id, DeliveryState.Failed));
        }
        else
        {
            _network.Deposit(() =>
            {
                SetState(contact, id, DeliveryState.AtRelay);
                if (conversation.Peer is { } peer)
                {
                    _network.Fetch(() =>
                    {
                        peer.Receive(conversation.PeerSideId, id, text);
                        SetState(contact, id, DeliveryState.Delivered);
                    });
                }
            });
        }

        return Task.FromResult(new SendOutcome(SendOutcomeKind.Queued, id));
    }

    public Task MarkReadAsync(ContactId contact, CancellationToken cancellationToken)
    {
        List<MessageId> read;
        Conversation? c;
        lock (_gate)
        {
            if (!_conversations.TryGetValue(contact, out c) || c.Unread == 0)
            {
                return Task.CompletedTask;
            }

            c.Unread = 0;
            read = [.. c.UnreadIds];
            c.UnreadIds.Clear();
        }

        Raise(SessionChangeKind.Contacts);
        if (c.Peer is { } peer)
        {
            _network.After(1, () => read.ForEach(m => peer.SetState(c.PeerSideId, m, DeliveryState.Read)));
        }

        return Task.CompletedTask;
    }

    public Task<string> CreateInviteAsync(CancellationToken cancellationToken)
    {
        IdentityKeyPair identity;
        string relay;
        string name;
        lock (_gate)
        {
            identity = _identity ?? throw new InvalidOperationException("no identity yet");
            relay = _settings.Relay;
            name = _displayName ?? "";
        }

        var invite = Invite.Create(RelayEndpoint.Parse(relay).Value, RandomNumberGenerator.GetBytes(Invite.IntroTokenSize),
            identity.PublicKey.ToArray(), name);
        _network.Open(invite, this);
        return Task.FromResult(invite.Encode());
    }

    public Task<InviteAcceptResult> AcceptInviteAsync(string inviteText, string displayName, CancellationToken cancellationToken)
    {
        if (!Invite.Parse(inviteText).TryGetValue(out var invite))
        {
            return Task.FromResult(InviteAcceptResult.Refused(InviteAcceptOutcome.Malformed));
        }

        var (inviter, alreadyUsed) = _network.Take(invite, this);
        if (alreadyUsed)
        {
            return Task.FromResult(InviteAcceptResult.Refused(InviteAcceptOutcome.AlreadyUsed));
        }

        if (inviter is null)
        {
            return Task.FromResult(InviteAcceptResult.Refused(InviteAcceptOutcome.Malformed));
        }

        if (ReferenceEquals(inviter, this))
        {
            return Task.FromResult(InviteAcceptResult.Refused(InviteAcceptOutcome.OwnInvite));
        }

        var mine = ContactId.New();
        var theirs = ContactId.New();
        Link(mine, displayName, inviter, theirs);
        inviter.Link(theirs, _displayName ?? "contact", this, mine);
        return Task.FromResult(new InviteAcceptResult(InviteAcceptOutcome.Accepted, mine));
    }

    public Task<SafetyNumber> GetSafetyNumberAsync(ContactId contact, CancellationToken cancellationToken)
    {
        IdentityKey own;
        IdentityKey theirs;
        lock (_gate)
        {
            own = _identity?.PublicKey ?? throw new InvalidOperationException("no identity yet");
            theirs = IdentityKey.FromBytes(_conversations[contact].Record.IdentityKey);
        }

        return Task.FromResult(SafetyNumber.Compute(own, theirs));
    }

    public Task MarkVerifiedAsync(ContactId contact, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var c = _conversations[contact];
            c.Record = c.Record with { Verified = true };
            c.KeyChanged = false;
        }

        Raise(SessionChangeKind.Contacts);
        return Task.CompletedTask;
    }

    public Task<MessengerSettings> GetSettingsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_settings);
        }
    }

    public Task<SettingsOutcome> SaveSettingsAsync(MessengerSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!RelayEndpoint.Parse(settings.Relay).IsOk)
        {
            return Task.FromResult(SettingsOutcome.InvalidRelay);
        }

        if (settings.FailoverRelay is not null && !RelayEndpoint.Parse(settings.FailoverRelay).IsOk)
        {
            return Task.FromResult(SettingsOutcome.InvalidFailoverRelay);
        }

        lock (_gate)
        {
            _settings = settings;
        }

        Raise(SessionChangeKind.Settings);
        return Task.FromResult(SettingsOutcome.Saved);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _identity?.Dispose();
            _identity = null;
        }
    }

    // ---- internals ---------------------------------------------------------------------------------------

    private void CreateIdentity(string name)
    {
        lock (_gate)
        {
            _identity = IdentityKeyPair.Generate(SystemEntropy.Instance);
            _displayName = name;
        }

        Raise(SessionChangeKind.Profile);
    }

    private IdentityKey PublicKey
    {
        get
        {
            lock (_gate)
            {
                return _identity?.PublicKey ?? throw new InvalidOperationException("no identity yet");
            }
        }
    }

    private void Link(ContactId id, string name, FakeMessengerSession peer, ContactId peerSideId)
    {
        var record = new ContactRecord
        {
            Id = id,
            DisplayName = name,
            IdentityKey = peer.PublicKey.ToArray(),
            PeerRelay = "127.0.0.1:9750",
            AddedAt = DateTimeOffset.UtcNow,
        };
        lock (_gate)
        {
            _conversations[id] = new Conversation(record, peer, peerSideId);
            _order.Add(id);
        }

        Raise(SessionChangeKind.Contacts);
    }

    private void Receive(ContactId contact, MessageId id, string text)
    {
        lock (_gate)
        {
            var c = _conversations[contact];
            c.History.Add(new MessageRecord
            {
                Id = id,
                Contact = contact,
                Direction = MessageDirection.Incoming,
                Sequence = c.History.Count(m => m.Direction == MessageDirection.Incoming) + 1,
                Timestamp = DateTimeOffset.UtcNow,
                Text = text,
                State = DeliveryState.Received,
            });
            c.Unread++;
            c.UnreadIds.Add(id);
        }

        Raise(SessionChangeKind.History | SessionChangeKind.Contacts, contact);
    }

    private void SetState(ContactId contact, MessageId id, DeliveryState state)
    {
        lock (_gate)
        {
            var history = _conversations[contact].History;
            var index = history.FindIndex(m => m.Id == id);
            if (index < 0)
            {
                return;
            }

            var current = history[index].State;
            var forward = state == DeliveryState.Failed
                ? current is DeliveryState.Queued or DeliveryState.AtRelay
                : state > current && current != DeliveryState.Failed;
            if (!forward)
            {
                return;
            }

            history[index] = history[index] with { State = state };
        }

        Raise(SessionChangeKind.History, contact);
    }

    private void Raise(SessionChangeKind kind, ContactId? contact = null) =>
        Changed?.Invoke(this, new SessionChangedEventArgs(kind, contact));

    private sealed class Conversation(ContactRecord record, FakeMessengerSession? peer, ContactId peerSideId)
    {
        public ContactRecord Record { get; set; } = record;

        public FakeMessengerSession? Peer { get; } = peer;

        public ContactId PeerSideId { get; } = peerSideId;

        public List<MessageRecord> History { get; } = [];

        public List<MessageId> UnreadIds { get; } = [];

        public int Unread { get; set; }

        public bool KeyChanged { get; set; }

        public ContactView View() => new(Record, Unread, KeyChanged);
    }
}
