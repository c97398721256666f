using System.Buffers.Binary;
using System.Security.Cryptography;
using Pvtcoms.Actors.Client;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Ui.Blazor.Components.Shared;

namespace Pvtcoms.Ui.Blazor.Engine.Client;

/// <summary>
/// <see cref="IMessengerSession"/> over the real engine: a <see cref="ClientNode"/> and its store (ADR 0093).
/// Reads go to the store, commands to the node; node events become <see cref="Changed"/>. Before the first run
/// there is no engine: the session answers "no identity" and <see cref="CreateIdentityAsync"/> asks the host's
/// first-run step to create the profile, then attaches to the engine it started. The host owns the engine.
/// </summary>
public sealed class ClientNodeMessengerSession : IMessengerSession, IDisposable
{
    /// <summary>
    /// How many recent messages of a conversation are looked at for its unread count: the list shows "99+" above 99,
    /// so more would only cost decryptions of sealed rows on every refresh.
    /// </summary>
    public const int UnreadWindow = 100;

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _firstRun = new(1, 1);
    private readonly Func<FirstRunRequest, CancellationToken, Task<FirstRunResult>>? _create;
    private readonly Func<string, CancellationToken, Task<ClientEngine?>>? _unlock;
    private MessengerSettings _defaults;
    private ClientEngine? _engine;
    private IDisposable? _subscription;
    private TorStatusFeed? _torFeed;
    private RelayState _relay = RelayState.Unknown;
    private int _pending;
    private int _disposed;

    private ClientNodeMessengerSession(MessengerSettings defaults, Func<FirstRunRequest, CancellationToken, Task<FirstRunResult>>? create,
        Func<string, CancellationToken, Task<ClientEngine?>>? unlock = null)
    {
        _defaults = defaults;
        _create = create;
        _unlock = unlock;
    }

    public event EventHandler<SessionChangedEventArgs>? Changed;

    /// <summary>A session over a profile that is already open and running.</summary>
    public static ClientNodeMessengerSession ForEngine(ClientEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var session = new ClientNodeMessengerSession(engine.Settings, null);
        session.Attach(engine);
        return session;
    }

    /// <summary>
    /// A session with no profile yet: the UI shows its first-run screen, and <paramref name="create"/> (the host)
    /// creates the profile under the passphrase, stores the choices and starts the node.
    /// </summary>
    public static ClientNodeMessengerSession AwaitingFirstRun(MessengerSettings defaults,
        Func<FirstRunRequest, CancellationToken, Task<FirstRunResult>> create)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(create);
        return new ClientNodeMessengerSession(defaults, create);
    }

    /// <summary>
    /// A session over an initialised profile still sealed: the UI shows its unlock screen, and
    /// <paramref name="unlock"/> (the host) opens the profile with the passphrase and starts the node, or answers
    /// null for a wrong passphrase.
    /// </summary>
    public static ClientNodeMessengerSession AwaitingUnlock(MessengerSettings defaults, Func<string, CancellationToken, Task<ClientEngine?>> unlock)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(unlock);
        return new ClientNodeMessengerSession(defaults, null, unlock);
    }

    public EngineStatus Status
    {
        get
        {
            lock (_gate)
            {
                if (_torFeed is { } feed)
                {
                    var (state, percent) = feed.Current;
                    return new EngineStatus(state, percent, _relay, _pending);
                }

                var tor = _engine?.Tor ?? TorState.NotUsed;
                return new EngineStatus(tor, tor is TorState.NotUsed or TorState.Ready ? 100 : 0, _relay, _pending);
            }
        }
    }

    private ClientEngine? Engine
    {
        get
        {
            lock (_gate)
            {
                return _engine;
            }
        }
    }

    public Task<ProfileInfo> GetProfileAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Engine is { } engine
            ? new ProfileInfo(true, engine.DisplayName, engine.Node.Identity.Fingerprint)
            : new ProfileInfo(_unlock is not null, null, null, Locked: _unlock is not null));

    public async Task<UnlockOutcome> UnlockAsync(string passphrase, CancellationToken cancellationToken)
    {
        if (Engine is not null || _unlock is null)
        {
            return UnlockOutcome.NotLocked;
        }

        if (string.IsNullOrEmpty(passphrase))
        {
            return UnlockOutcome.WrongPassphrase;
        }

        // One attempt at a time: each costs an Argon2id derivation, which is the guessing throttle.
        await _firstRun.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Engine is not null)
            {
                return UnlockOutcome.NotLocked;
            }

            if (await _unlock(passphrase, cancellationToken).ConfigureAwait(false) is not { } engine)
            {
                return UnlockOutcome.WrongPassphrase;
            }

            Attach(engine);
            Raise(SessionChangeKind.Profile | SessionChangeKind.Contacts | SessionChangeKind.Status | SessionChangeKind.Settings);
            return UnlockOutcome.Unlocked;
        }
        finally
        {
            _firstRun.Release();
        }
    }

    public async Task<FirstRunOutcome> CreateIdentityAsync(FirstRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Engine is not null || _create is null)
        {
            return FirstRunOutcome.AlreadyExists;
        }

        if (!RelayEndpoint.Parse(request.Relay?.Trim()).IsOk)
        {
            return FirstRunOutcome.InvalidRelay;
        }

        if (request.Passphrase is null || request.Passphrase.Length < FirstRunForm.MinPassphraseLength)
        {
            return FirstRunOutcome.PassphraseTooWeak;
        }

        await _firstRun.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Engine is not null)
            {
                return FirstRunOutcome.AlreadyExists;
            }

            var result = await _create(request, cancellationToken).ConfigureAwait(false);
            if (result.Outcome == FirstRunOutcome.Created && result.Engine is { } engine)
            {
                Attach(engine);
                Raise(SessionChangeKind.Profile | SessionChangeKind.Contacts | SessionChangeKind.Status | SessionChangeKind.Settings);
            }

            return result.Outcome;
        }
        finally
        {
            _firstRun.Release();
        }
    }

    public Task<IReadOnlyList<ContactView>> GetContactsAsync(CancellationToken cancellationToken)
    {
        if (Engine is not { } engine)
        {
            return Task.FromResult<IReadOnlyList<ContactView>>([]);
        }

        IReadOnlyList<ContactView> views = [.. engine.Store.LoadContacts().Select(c => View(engine.Store, c))];
        return Task.FromResult(views);
    }

    public Task<ContactView?> GetContactAsync(ContactId contact, CancellationToken cancellationToken) =>
        Task.FromResult(Engine is { } engine && engine.Store.LoadContact(contact) is { } record ? View(engine.Store, record) : null);

    public Task<IReadOnlyList<MessageRecord>> GetHistoryAsync(ContactId contact, int max, CancellationToken cancellationToken) =>
        Task.FromResult(Engine is { } engine && max > 0 ? engine.Store.LoadHistory(contact, max) : (IReadOnlyList<MessageRecord>)[]);

    public async Task<SendOutcome> SendAsync(ContactId contact, string text, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new SendOutcome(SendOutcomeKind.Empty, null);
        }

        if (text.Length > SendOutcome.MaxTextLength)
        {
            return new SendOutcome(SendOutcomeKind.TooLong, null);
        }

        if (Engine is not { } engine || engine.Store.LoadContact(contact) is null)
        {
            return new SendOutcome(SendOutcomeKind.UnknownContact, null);
        }

        var id = await engine.Node.SendAsync(contact, text).ConfigureAwait(false);
        RefreshPending(engine);
        Raise(SessionChangeKind.History | SessionChangeKind.Status, contact);
        return new SendOutcome(SendOutcomeKind.Queued, id);
    }

    public async Task MarkReadAsync(ContactId contact, CancellationToken cancellationToken)
    {
        if (Engine is not { } engine || engine.Store.LoadContact(contact) is null || Unread(engine.Store, contact) == 0)
        {
            return;
        }

        await engine.Node.MarkReadAsync(contact).ConfigureAwait(false);
        Raise(SessionChangeKind.Contacts, contact);
    }

    public Task<string> CreateInviteAsync(CancellationToken cancellationToken) =>
        Engine is { } engine ? engine.Node.CreateInviteAsync() : throw new InvalidOperationException("There is no identity yet.");

    public async Task<InviteAcceptResult> AcceptInviteAsync(string inviteText, string displayName, CancellationToken cancellationToken)
    {
        if (Engine is not { } engine)
        {
            throw new InvalidOperationException("There is no identity yet.");
        }

        var text = inviteText?.Trim() ?? string.Empty;
        if (!Invite.Parse(text).TryGetValue(out var invite) || !PrekeyBundle.Parse(invite.PrekeyBundle).TryGetValue(out var bundle))
        {
            return InviteAcceptResult.Refused(InviteAcceptOutcome.Malformed);
        }

        if (CryptographicOperations.FixedTimeEquals(bundle.IdentityKey, engine.Node.Identity.Bytes))
        {
            return InviteAcceptResult.Refused(InviteAcceptOutcome.OwnInvite);
        }

        ContactId contact;
        try
        {
            contact = await engine.Node.AcceptInviteAsync(text, displayName?.Trim() ?? string.Empty, null).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // The node re-checks what was checked above; anything else it refuses is a bad invite.
            return InviteAcceptResult.Refused(InviteAcceptOutcome.Malformed);
        }

        RefreshPending(engine);
        Raise(SessionChangeKind.Contacts | SessionChangeKind.Status, contact);
        return new InviteAcceptResult(InviteAcceptOutcome.Accepted, contact);
    }

    public Task<SafetyNumber> GetSafetyNumberAsync(ContactId contact, CancellationToken cancellationToken) =>
        Engine is { } engine ? Task.FromResult(engine.Node.SafetyNumberWith(contact)) : throw new InvalidOperationException("There is no identity yet.");

    public async Task MarkVerifiedAsync(ContactId contact, CancellationToken cancellationToken)
    {
        if (Engine is not { } engine || engine.Store.LoadContact(contact) is not { } record)
        {
            return;
        }

        await engine.Node.MarkVerifiedAsync(contact).ConfigureAwait(false);
        engine.Store.SaveSetting(EngineSettingNames.AcknowledgedKey(contact), record.IdentityKey);
        Raise(SessionChangeKind.Contacts | SessionChangeKind.History, contact);
    }

    public Task<MessengerSettings> GetSettingsAsync(CancellationToken cancellationToken)
    {
        if (Engine is { } engine)
        {
            return Task.FromResult(StoredEngineSettings.Load(engine.Store, engine.Settings));
        }

        lock (_gate)
        {
            return Task.FromResult(_defaults);
        }
    }

    public Task<SettingsOutcome> SaveSettingsAsync(MessengerSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var outcome = Check(settings);
        if (outcome != SettingsOutcome.Saved)
        {
            return Task.FromResult(outcome);
        }

        var normalized = settings with
        {
            Relay = settings.Relay.Trim(),
            FailoverRelay = string.IsNullOrWhiteSpace(settings.FailoverRelay) ? null : settings.FailoverRelay.Trim(),
        };
        if (Engine is { } engine)
        {
            StoredEngineSettings.Save(engine.Store, normalized);
        }
        else
        {
            lock (_gate)
            {
                _defaults = normalized;
            }
        }

        Raise(SessionChangeKind.Settings);
        return Task.FromResult(SettingsOutcome.Saved);
    }

    /// <summary>Stops forwarding the node's events (the host stops the node itself).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        lock (_gate)
        {
            _subscription?.Dispose();
            _subscription = null;
            _torFeed?.Dispose();
            _torFeed = null;
        }

        _firstRun.Dispose();
    }

    public override string ToString() => "ClientNodeMessengerSession";

    /// <summary>Unread: incoming messages newer than the read marker the client keeps (what <c>MarkRead</c> receipted).</summary>
    internal static int Unread(IClientStore store, ContactId contact)
    {
        var marker = store.LoadSetting(EngineSettingNames.ReadUpTo(contact));
        var readUpTo = marker is { Length: 8 } ? BinaryPrimitives.ReadUInt64BigEndian(marker) : 0UL;
        return store.LoadHistory(contact, UnreadWindow)
            .Count(m => m.Direction == MessageDirection.Incoming && (ulong)m.Sequence > readUpTo);
    }

    private static SettingsOutcome Check(MessengerSettings settings)
    {
        if (!RelayEndpoint.Parse(settings.Relay?.Trim()).IsOk)
        {
            return SettingsOutcome.InvalidRelay;
        }

        if (!string.IsNullOrWhiteSpace(settings.FailoverRelay) && !RelayEndpoint.Parse(settings.FailoverRelay.Trim()).IsOk)
        {
            return SettingsOutcome.InvalidFailoverRelay;
        }

        return settings.ProofOfWorkBits is < MessengerSettings.MinProofOfWorkBits or > MessengerSettings.MaxProofOfWorkBits
            ? SettingsOutcome.InvalidProofOfWork
            : SettingsOutcome.Saved;
    }

    /// <summary>
    /// A key change is shown until the user verifies the new key: the contact has a previous key and the current
    /// key is not the one last acknowledged. Verification of the old key does not carry over to the new one.
    /// </summary>
    private static ContactView View(IClientStore store, ContactRecord record)
    {
        var keyChanged = record.PreviousIdentityKey is not null
                         && !(store.LoadSetting(EngineSettingNames.AcknowledgedKey(record.Id)) is { } acknowledged
                              && CryptographicOperations.FixedTimeEquals(acknowledged, record.IdentityKey));
        var shown = keyChanged && record.Verified ? record with { Verified = false } : record;
        return new ContactView(shown, Unread(store, record.Id), keyChanged);
    }

    private void Attach(ClientEngine engine)
    {
        lock (_gate)
        {
            _engine = engine;
        }

        RefreshPending(engine);
        var subscription = engine.Node.Subscribe(OnClientEvent);
        var torFeed = engine.TorStatus is { } torStatus
            ? TorStatusFeed.Start(torStatus.System, torStatus.Current, () => Raise(SessionChangeKind.Status))
            : null;
        lock (_gate)
        {
            _subscription = subscription;
            _torFeed = torFeed;
        }
    }

    /// <summary>On an actor-system thread: only cheap work here; the pending count is recounted off that thread.</summary>
    private void OnClientEvent(ClientEvent evt)
    {
        switch (evt)
        {
            case DeliveryStateChanged changed:
                Raise(SessionChangeKind.History, changed.Contact);
                RefreshPendingLater();
                break;
            case MessageReceived received:
                Raise(SessionChangeKind.History | SessionChangeKind.Contacts, received.Contact);
                break;
            case ContactAdded added:
                Raise(SessionChangeKind.Contacts, added.Contact);
                break;
            case ContactKeyChanged keyChanged:
                Raise(SessionChangeKind.Contacts | SessionChangeKind.History, keyChanged.Contact);
                break;
            case RelayStatusChanged relay when Engine is { } engine && string.Equals(relay.Relay, engine.Node.OwnRelay, StringComparison.Ordinal):
                lock (_gate)
                {
                    _relay = relay.Reachable ? RelayState.Reachable : RelayState.Unreachable;
                }

                Raise(SessionChangeKind.Status);
                break;
        }
    }

    private void RefreshPendingLater()
    {
        if (Engine is { } engine)
        {
            _ = Task.Run(() =>
            {
                try
                {
                    if (RefreshPending(engine))
                    {
                        Raise(SessionChangeKind.Status);
                    }
                }
                catch (ClientStoreException)
                {
                    // The store closed under us (shutdown); the count is only for the status bar.
                }
                catch (ObjectDisposedException)
                {
                }
            });
        }
    }

    /// <summary>Counts the messages (not receipts) still waiting in the outbox; true when the count changed.</summary>
    private bool RefreshPending(ClientEngine engine)
    {
        var pending = engine.Store.LoadOutbox().Count(item => engine.Store.LoadMessage(item.Id) is { Direction: MessageDirection.Outgoing });
        lock (_gate)
        {
            var changed = pending != _pending;
            _pending = pending;
            return changed;
        }
    }

    private void Raise(SessionChangeKind kind, ContactId? contact = null)
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            Changed?.Invoke(this, new SessionChangedEventArgs(kind, contact));
        }
    }
}
