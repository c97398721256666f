using System.Collections.Concurrent;
using System.Security.Cryptography;
using Akka.Actor;
using Akka.Configuration;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Transport;
using Pvtcoms.Protocol.Identity;

namespace Pvtcoms.Actors.Client;

/// <summary>
/// The client as a plain C# API over its actor system (docs/CLIENT.md) — what the Host, CLI, UI and testbed
/// call. Commands go to the profile actor (which routes to the contact actors); reads go straight to the
/// thread-safe store. Events (<see cref="ClientEvent"/>) arrive on the callbacks given to <see cref="Subscribe"/>,
/// on an actor-system thread: handlers must be quick and must not block.
/// </summary>
public sealed class ClientNode : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly IActorRef _profile;
    private readonly IActorRef _listener;
    private readonly bool _ownsSystem;
    private readonly ClientNodeOptions _options;
    private readonly IDisposable? _ownedTransport;
    private readonly ConcurrentDictionary<long, Action<ClientEvent>> _handlers;
    private long _nextHandler;
    private int _stopped;

    private ClientNode(ActorSystem system, IActorRef profile, IActorRef listener, ClientNodeOptions options, IDisposable? ownedTransport,
        ConcurrentDictionary<long, Action<ClientEvent>> handlers, IdentityKey identity, bool ownsSystem)
    {
        _system = system;
        _profile = profile;
        _listener = listener;
        _ownsSystem = ownsSystem;
        _options = options;
        _ownedTransport = ownedTransport;
        _handlers = handlers;
        Identity = identity;
    }

    /// <summary>This profile's identity public key (as of start; <see cref="RotateIdentityAsync"/> updates it).</summary>
    public IdentityKey Identity { get; private set; }

    /// <summary>The relay this profile polls.</summary>
    public string OwnRelay => _options.OwnRelay.Address;

    /// <summary>
    /// Starts the actor system: loads (or creates) the identity and prekeys, re-queues whatever the outbox holds,
    /// and starts polling. A fresh store becomes a fresh profile.
    /// </summary>
    public static async Task<ClientNode> StartAsync(ClientNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (transport, owned) = TransportFor(options);
        var config = ConfigurationFactory.ParseString(options.DiagnosticLogging
            ? """
              akka.loglevel = DEBUG
              akka.stdout-loglevel = DEBUG
              akka.log-dead-letters = on
              akka.log-dead-letters-during-shutdown = on
              akka.actor.debug.unhandled = on
              akka.actor.debug.lifecycle = on
              akka.actor.debug.event-stream = on
              akka.actor.ask-timeout = 60s
              """
            : """
              akka.loglevel = WARNING
              akka.stdout-loglevel = WARNING
              akka.log-dead-letters = off
              akka.log-dead-letters-during-shutdown = off
              akka.actor.ask-timeout = 60s
              """);
        var system = ActorSystem.Create("pvtcoms-client", config);
        var profile = system.ActorOf(ProfileActor.Props(new ClientContext(options, transport)), "profile");
        try
        {
            return await ConnectAsync(system, profile, options, owned, ownsSystem: true).ConfigureAwait(false);
        }
        catch
        {
            await system.Terminate().ConfigureAwait(false);
            owned?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A facade over a profile started by <see cref="ClientAkkaHostingExtensions.WithPvtcomsClient"/> in a hosted
    /// actor system (reach it with <c>IRequiredActor&lt;ClientProfile&gt;</c>). <see cref="StopAsync"/> then stops
    /// the profile, not the system.
    /// </summary>
    public static Task<ClientNode> AttachAsync(ActorSystem system, IActorRef profile, ClientNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(options);
        return ConnectAsync(system, profile, options, null, ownsSystem: false);
    }

    /// <summary>The options' transport, or an owned <see cref="HttpRelayTransport"/> built from the relay settings.</summary>
    internal static (IRelayTransport Transport, HttpRelayTransport? Owned) TransportFor(ClientNodeOptions options)
    {
        if (options.Transport is not null)
        {
            return (options.Transport, null);
        }

        var own = new RelayAccess(options.OwnRelayPowDifficulty, options.OwnRelayAccessKey);
        var failover = new RelayAccess(options.OwnRelayPowDifficulty, options.FailoverRelayAccessKey);
        var peer = new RelayAccess(options.PeerRelayPowDifficulty);
        var owned = new HttpRelayTransport(
            r => r.Equals(options.OwnRelay) ? own : r.Equals(options.FailoverRelay) ? failover : peer, options.Time, options.Entropy);
        return (owned, owned);
    }

    private static async Task<ClientNode> ConnectAsync(ActorSystem system, IActorRef profile, ClientNodeOptions options,
        IDisposable? ownedTransport, bool ownsSystem)
    {
        var handlers = new ConcurrentDictionary<long, Action<ClientEvent>>();
        var listener = system.ActorOf(Akka.Actor.Props.Create(() => new EventListener(handlers)));
        system.EventStream.Subscribe(listener, typeof(ClientEvent));
        var identity = await profile.Ask<IdentityKey>(ProfileActor.GetIdentity.Instance, options.AskTimeout).ConfigureAwait(false);
        return new ClientNode(system, profile, listener, options, ownedTransport, handlers, identity, ownsSystem);
    }

    /// <summary>Every contact, in the store's order.</summary>
    public IReadOnlyList<ContactRecord> Contacts => _options.Store.LoadContacts();

    /// <summary>The last <paramref name="max"/> messages with a contact, oldest first.</summary>
    public IReadOnlyList<MessageRecord> History(ContactId contact, int max) => _options.Store.LoadHistory(contact, max);

    /// <summary>A new invite (text starting <c>pvtcoms1:</c>): single use; the node polls its intro token from now on.</summary>
    public Task<string> CreateInviteAsync() => AskAsync<string>(CreateInvite.Instance);

    /// <summary>
    /// Accepts an invite: the contact is stored and the first contact (with <paramref name="firstMessage"/>, if
    /// any) is queued for the inviter's relay — the inviter may be offline. Throws on an invalid invite.
    /// </summary>
    public Task<ContactId> AcceptInviteAsync(string invite, string displayName, string? firstMessage) =>
        AskAsync<ContactId>(new AcceptInvite(invite ?? throw new ArgumentNullException(nameof(invite)), displayName ?? string.Empty, firstMessage));

    /// <summary>Finds someone by identity key in the directory on <paramref name="relay"/> and introduces us, like an invite.</summary>
    public Task<ContactId> AddFromDirectoryAsync(IdentityKey identity, string relay, string displayName, string? firstMessage)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return AskAsync<ContactId>(new AddFromDirectory(identity.ToArray(), relay, displayName ?? string.Empty, firstMessage));
    }

    /// <summary>Encrypts, stores and queues a text; returns once it is durably Queued (delivery follows as events).</summary>
    public Task<MessageId> SendAsync(ContactId contact, string text) =>
        AskAsync<MessageId>(new SendText(contact, text ?? throw new ArgumentNullException(nameof(text))));

    /// <summary>Sends a read receipt for every received message of this conversation not receipted yet.</summary>
    public Task MarkReadAsync(ContactId contact) => AskAsync<Done>(new MarkRead(contact));

    /// <summary>The safety number of this profile and the contact's pinned key (to compare out of band).</summary>
    public SafetyNumber SafetyNumberWith(ContactId contact)
    {
        var record = _options.Store.LoadContact(contact) ?? throw new KeyNotFoundException("Unknown contact.");
        return SafetyNumber.Compute(Identity, IdentityKey.FromBytes(record.IdentityKey));
    }

    /// <summary>Marks the contact verified (the user compared safety numbers).</summary>
    public Task MarkVerifiedAsync(ContactId contact) => AskAsync<Done>(new MarkVerified(contact));

    /// <summary>Moves to a fresh identity key and sends every contact a signed migration.</summary>
    public async Task RotateIdentityAsync()
    {
        await AskAsync<Done>(RotateIdentity.Instance).ConfigureAwait(false);
        Identity = await AskAsync<IdentityKey>(ProfileActor.GetIdentity.Instance).ConfigureAwait(false);
    }

    /// <summary>Polls the own relay now; completes once every fetched blob was handled (stored and burned, or left).</summary>
    public Task PollNowAsync() => AskAsync<Done>(PollNow.Instance);

    /// <summary>Calls <paramref name="handler"/> for every event until the returned handle is disposed.</summary>
    public IDisposable Subscribe(Action<ClientEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var id = Interlocked.Increment(ref _nextHandler);
        _handlers[id] = handler;
        return new Subscription(() => _handlers.TryRemove(id, out _));
    }

    /// <summary>Stops the actor system (or, when attached, the profile); actors dispose their sessions and zero their keys. Idempotent.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        if (_ownsSystem)
        {
            await _system.Terminate().ConfigureAwait(false);
        }
        else
        {
            _system.EventStream.Unsubscribe(_listener);
            _system.Stop(_listener);
            await _profile.GracefulStop(_options.AskTimeout).ConfigureAwait(false);
        }

        _ownedTransport?.Dispose();
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>Test hook: make one contact's actor throw (supervision tests).</summary>
    internal void CrashContactForTest(ContactId contact) => _profile.Tell(new CrashForTest(contact));

    private async Task<T> AskAsync<T>(object message)
    {
        var reply = await _profile.Ask<object>(message, _options.AskTimeout).ConfigureAwait(false);
        return reply switch
        {
            T value => value,
            Status.Failure failure => throw failure.Cause,
            _ => throw new InvalidOperationException("Unexpected reply."),
        };
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }

    /// <summary>Forwards EventStream events to the facade's handlers; a throwing handler does not stop the others.</summary>
    private sealed class EventListener : ReceiveActor
    {
        public EventListener(ConcurrentDictionary<long, Action<ClientEvent>> handlers)
        {
            Receive<ClientEvent>(evt =>
            {
                foreach (var handler in handlers.Values)
                {
                    try
                    {
                        handler(evt);
                    }
                    catch (Exception)
                    {
                        // A subscriber's bug is not the client's; it must not lose events for the others.
                    }
                }
            });
        }
    }
}
