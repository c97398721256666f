using System.Security.Cryptography;
using Akka.Actor;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Transport;
using Pvtcoms.Protocol;
using Pvtcoms.Protocol.DirectoryRecords;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Messages;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Protocol.Sessions;

namespace Pvtcoms.Actors.Client;

/// <summary>
/// The profile: owns the identity seed and the responder prekeys, creates and routes to one
/// <see cref="ContactActor"/> per contact (on demand; they passivate when idle), and runs the flows that are
/// not one contact's: invites and first contact (both sides), the directory record, identity rotation, and the
/// token map the poller polls. Children: outbox, poller, cover (opt-in), contacts (ADR 0080 for supervision).
/// </summary>
internal sealed partial class ProfileActor : ReceiveActor, IWithTimers
{
    private const int OneTimePrekeyLow = 20;
    private const int OneTimePrekeyTarget = 100;
    private const int ReplayCacheRotateAt = 1024;
    private const int MaxOpenInvites = 32;
    private const int IntroTokenSize = 32;

    private readonly ClientContext _context;
    private readonly Dictionary<ContactId, IActorRef> _contacts = [];
    private readonly List<byte[]> _openInvites = [];
    private byte[] _seed = [];
    private IdentityKeyPair _identity = null!;
    private ResponderPrekeys _prekeys = null!;
    private byte[] _directoryIntroToken = [];
    private byte[]? _coverSecret;
    private IActorRef _outbox = ActorRefs.Nobody;
    private IActorRef _poller = ActorRefs.Nobody;
    private ulong _tokenEpoch = ulong.MaxValue;
    private long _childGeneration;

    public ProfileActor(ClientContext context)
    {
        _context = context;
        Receive<GetIdentity>(_ => Sender.Tell(_identity.PublicKey));
        Receive<CreateInvite>(_ => Reply(OnCreateInvite));
        Receive<AcceptInvite>(m => Reply(() => OnAcceptInvite(m)));
        Receive<AddFromDirectory>(OnAddFromDirectory);
        Receive<DirectoryFetched>(OnDirectoryFetched);
        Receive<DirectoryPublished>(OnDirectoryPublished);
        ReceiveAsync<RotateIdentity>(_ => OnRotateIdentityAsync());
        Receive<EpochTick>(_ => OnEpochTick());
        Receive<IncomingBlob>(m => m.Route is TokenRoute.Intro, OnIntroBlob);
        Receive<IWithContactId>(Route);
        Receive<Passivate>(_ => OnPassivate());
        Receive<Terminated>(OnTerminated);
        Receive<PollNow>(m => _poller.Forward(m));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ClientContext context) => Akka.Actor.Props.Create(() => new ProfileActor(context));

    private IClientStore Store => _context.Store;

    /// <summary>
    /// One-for-one: a crash in one contact restarts only that contact (it reloads its committed state); an actor
    /// that cannot even start (its stored state does not load) is stopped, not restarted in a loop; more than
    /// ten crashes of one child in a minute stop it.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(10, TimeSpan.FromMinutes(1), ex => ex switch
        {
            ActorInitializationException => Directive.Stop,
            ActorKilledException => Directive.Stop,
            DeathPactException => Directive.Stop,
            _ => Directive.Restart,
        });

    protected override void PreStart()
    {
        var seed = Store.LoadIdentitySeed();
        if (seed is null)
        {
            using var fresh = IdentityKeyPair.Generate(_context.Entropy);
            seed = new byte[IdentityKeyPair.SeedSize];
            fresh.ExportSeed(seed);
            Store.SaveIdentitySeed(seed);
        }

        _seed = seed;
        _identity = IdentityKeyPair.FromSeed(_seed);
        LoadOrCreatePrekeys();
        _directoryIntroToken = LoadOrCreateSecret(ClientSettings.DirectoryIntroToken);
        var invites = Store.LoadSetting(ClientSettings.OpenInvites) ?? [];
        for (var i = 0; i + IntroTokenSize <= invites.Length; i += IntroTokenSize)
        {
            _openInvites.Add(invites[i..(i + IntroTokenSize)]);
        }

        _outbox = Context.ActorOf(OutboxActor.Props(_context), "outbox");
        _poller = Context.ActorOf(MailboxPollerActor.Props(_context, Self), "poller");
        if (_context.Options.CoverTraffic)
        {
            _coverSecret = LoadOrCreateSecret(ClientSettings.CoverSecret);
            Context.ActorOf(CoverTrafficActor.Props(_context, (byte[])_coverSecret.Clone()), "cover");
        }

        OnEpochTick();
        Timers.StartPeriodicTimer("epoch", EpochTick.Instance, TimeSpan.FromSeconds(30));
    }

    protected override void PostStop()
    {
        CryptographicOperations.ZeroMemory(_seed);
        _identity?.Dispose();
        _prekeys?.Dispose();
        if (_coverSecret is not null)
        {
            CryptographicOperations.ZeroMemory(_coverSecret);
        }
    }

    /// <summary>Replies the command's result, or a failure; an exception here does not restart the profile.</summary>
    private void Reply(Func<object> command)
    {
        try
        {
            Sender.Tell(command());
        }
        catch (Exception ex)
        {
            Sender.Tell(new Status.Failure(ex));
        }
    }

    private void LoadOrCreatePrekeys()
    {
        _prekeys?.Dispose();
        var stored = Store.LoadPrekeys();
        if (stored is not null)
        {
            var loaded = ResponderPrekeys.Deserialize(stored);
            CryptographicOperations.ZeroMemory(stored);
            _prekeys = loaded.IsOk ? loaded.Value : throw new InvalidOperationException($"Stored prekeys do not load: {loaded.Error}.");
            return;
        }

        _prekeys = ResponderPrekeys.Generate(_seed, OneTimePrekeyTarget, _context.Entropy);
        SavePrekeys();
    }

    private void SavePrekeys()
    {
        var state = _prekeys.Serialize();
        try
        {
            Store.SavePrekeys(state);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(state);
        }
    }

    private byte[] LoadOrCreateSecret(string name)
    {
        var value = Store.LoadSetting(name);
        if (value is { Length: IntroTokenSize })
        {
            return value;
        }

        value = new byte[IntroTokenSize];
        _context.Entropy.Fill(value);
        Store.SaveSetting(name, value);
        return value;
    }

    // ---- routing --------------------------------------------------------------------------------------------

    private void Route(IWithContactId message)
    {
        var child = ContactChild(message.Contact);
        if (child is null)
        {
            Sender.Tell(message is IncomingBlob ? new BlobHandled(BlobResult.NotHandled, []) : new Status.Failure(new KeyNotFoundException("Unknown contact.")));
            return;
        }

        child.Forward(message);
    }

    private IActorRef? ContactChild(ContactId id)
    {
        if (_contacts.TryGetValue(id, out var child))
        {
            return child;
        }

        if (Store.LoadContact(id) is null)
        {
            return null;
        }

        child = Context.ActorOf(ContactActor.Props(id, _context, _outbox), $"contact-{id.Value:N}-{++_childGeneration}");
        Context.Watch(child);
        _contacts[id] = child;
        return child;
    }

    /// <summary>A child asked to passivate: route no more to it; what is already in its mailbox is still handled.</summary>
    private void OnPassivate()
    {
        foreach (var (id, child) in _contacts.Where(p => p.Value.Equals(Sender)).ToList())
        {
            _contacts.Remove(id);
            child.Tell(PoisonPill.Instance);
        }
    }

    private void OnTerminated(Terminated terminated)
    {
        foreach (var (id, _) in _contacts.Where(p => p.Value.Equals(terminated.ActorRef)).ToList())
        {
            _contacts.Remove(id);
        }
    }

    // ---- tokens ---------------------------------------------------------------------------------------------

    private void OnEpochTick()
    {
        var epoch = _context.TokenEpoch;
        if (epoch == _tokenEpoch)
        {
            return;
        }

        _tokenEpoch = epoch;
        PublishTokens();
        MaintainPrekeys();
        PublishDirectoryRecord();
    }

    /// <summary>
    /// Rebuilds the poll set. A contact's receiving tokens come from its stored session's addressing secret, which
    /// never changes after the handshake, so reading the stored state here (and disposing it at once) cannot race
    /// with the contact actor's ratchet updates (ADR 0081).
    /// </summary>
    private void PublishTokens()
    {
        var epoch = _tokenEpoch;
        var tokens = new List<PollToken>();
        foreach (var contact in Store.LoadContacts())
        {
            var state = Store.LoadSession(contact.Id);
            if (state is null)
            {
                continue;
            }

            try
            {
                var loaded = EstablishedSession.Deserialize(state);
                if (!loaded.TryGetValue(out var session))
                {
                    continue;
                }

                using (session)
                {
                    var route = new TokenRoute.Contact(contact.Id);
                    tokens.Add(new PollToken(session.ReceivingToken(epoch), route));
                    if (epoch > 0)
                    {
                        tokens.Add(new PollToken(session.ReceivingToken(epoch - 1), route));
                    }
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(state);
            }
        }

        foreach (var invite in _openInvites)
        {
            tokens.Add(new PollToken(invite, new TokenRoute.Intro(Convert.ToHexString(invite))));
        }

        tokens.Add(new PollToken(_directoryIntroToken, new TokenRoute.Intro(Convert.ToHexString(_directoryIntroToken))));
        if (_coverSecret is not null)
        {
            tokens.Add(new PollToken(CoverToken.Derive(_coverSecret, epoch), TokenRoute.Cover.Instance));
            if (epoch > 0)
            {
                tokens.Add(new PollToken(CoverToken.Derive(_coverSecret, epoch - 1), TokenRoute.Cover.Instance));
            }
        }

        _poller.Tell(new TokensChanged(epoch, tokens));
    }

    private void MaintainPrekeys()
    {
        var changed = false;
        if (_prekeys.OneTimePrekeyCount < OneTimePrekeyLow)
        {
            _prekeys.AddOneTimePrekeys(_seed, OneTimePrekeyTarget - _prekeys.OneTimePrekeyCount, _context.Entropy);
            changed = true;
        }

        if (_prekeys.ReplayCacheCount >= ReplayCacheRotateAt)
        {
            _prekeys.RotateSignedPrekeys(_seed, _context.Entropy);
            changed = true;
        }

        if (changed)
        {
            SavePrekeys();
        }
    }

    private void SaveOpenInvites()
    {
        var bytes = new byte[_openInvites.Count * IntroTokenSize];
        for (var i = 0; i < _openInvites.Count; i++)
        {
            _openInvites[i].CopyTo(bytes, i * IntroTokenSize);
        }

        Store.SaveSetting(ClientSettings.OpenInvites, bytes);
    }

    private void Publish(ClientEvent evt) => Context.System.EventStream.Publish(evt);

    private string OwnDisplayNameHint => InviteDisplayName.IsValid(_context.Options.DisplayName) ? _context.Options.DisplayName : string.Empty;

    internal sealed record GetIdentity
    {
        public static GetIdentity Instance { get; } = new();
    }

    private sealed record EpochTick
    {
        public static EpochTick Instance { get; } = new();
    }
}
