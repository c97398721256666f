using Akka.Actor;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Transport;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.Actors.Client;

/// <summary>
/// Polls the own relays (the primary and the failover, ADR 0087) for the current tokens (each contact's receiving token for this and the previous token
/// epoch, open intro tokens, cover tokens) at jittered intervals (<see cref="PollSchedule"/>), hands each
/// fetched blob to the profile (which routes it to the contact or the intro handler) and burns only what was
/// reported committed — or was already committed (a lost confirm), or is a reclaimed cover blob, or is poison
/// (ADR 0081). One poll at a time; a <see cref="PollNow"/> during a poll gets another poll after it.
/// </summary>
internal sealed class MailboxPollerActor : ReceiveActor, IWithTimers
{
    private readonly ClientContext _context;
    private readonly IActorRef _profile;
    private readonly PoisonBlobTracker _poison;
    private IReadOnlyList<PollToken> _tokens = [];
    private List<IActorRef> _waitingForNext = [];
    private List<IActorRef> _waitingForCurrent = [];
    private bool _inFlight;
    private readonly Dictionary<RelayEndpoint, bool> _reachable = [];

    public MailboxPollerActor(ClientContext context, IActorRef profile)
    {
        _context = context;
        _profile = profile;
        _poison = new PoisonBlobTracker(context.Options.PoisonBlobPolls, context.Options.PoisonBlobAge);
        Receive<TokensChanged>(m => _tokens = m.Tokens);
        Receive<PollTick>(_ =>
        {
            StartPoll();
            ScheduleNext();
        });
        Receive<PollNow>(_ =>
        {
            _waitingForNext.Add(Sender);
            StartPoll();
        });
        Receive<PollCompleted>(OnPollCompleted);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ClientContext context, IActorRef profile) =>
        Akka.Actor.Props.Create(() => new MailboxPollerActor(context, profile));

    protected override void PreStart() => ScheduleNext();

    private void ScheduleNext()
    {
        var options = _context.Options;
        var min = options.MinPollInterval;
        var max = options.MaxPollInterval < min ? min : options.MaxPollInterval;
        var middle = TimeSpan.FromTicks((min.Ticks + max.Ticks) / 2);
        var jitter = middle.Ticks == 0 ? 0 : (double)(max.Ticks - middle.Ticks) / middle.Ticks;
        var delay = middle > TimeSpan.Zero ? PollSchedule.NextDelay(middle, Math.Clamp(jitter, 0, 1), _context.Entropy) : TimeSpan.FromSeconds(1);
        Timers.StartSingleTimer("poll", PollTick.Instance, delay);
    }

    private void StartPoll()
    {
        if (_inFlight)
        {
            return;
        }

        _waitingForCurrent = _waitingForNext;
        _waitingForNext = [];
        if (_tokens.Count == 0)
        {
            Answer();
            return;
        }

        _inFlight = true;
        RunPollAsync(_context, _profile, _tokens).PipeTo(Self, failure: _ => new PollCompleted(new Dictionary<RelayEndpoint, bool>(), []));
    }

    /// <summary>
    /// Runs outside the actor's state: fetch, route, confirm on every own relay (the primary and the failover,
    /// ADR 0087), each relay's blobs burned on that relay; only the result comes back as a message.
    /// </summary>
    private static async Task<PollCompleted> RunPollAsync(ClientContext context, IActorRef profile, IReadOnlyList<PollToken> tokens)
    {
        var routes = new Dictionary<string, TokenRoute>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            routes[Convert.ToHexString(token.Token)] = token.Route;
        }

        var distinct = tokens.DistinctBy(t => Convert.ToHexString(t.Token)).ToList();
        var reachable = new Dictionary<RelayEndpoint, bool>();
        var undecryptable = new List<Undecryptable>();
        foreach (var relay in context.Relays.Polled)
        {
            var reached = await PollRelayAsync(context, profile, relay, distinct, routes, undecryptable).ConfigureAwait(false);
            context.Relays.Record(relay, reached);
            reachable[relay] = reached;
        }

        return new PollCompleted(reachable, undecryptable);
    }

    /// <summary>One relay's part of a poll; false when a fetch did not reach it.</summary>
    private static async Task<bool> PollRelayAsync(ClientContext context, IActorRef profile, RelayEndpoint relay, List<PollToken> distinct,
        Dictionary<string, TokenRoute> routes, List<Undecryptable> undecryptable)
    {
        var reachable = true;
        foreach (var chunk in distinct.Chunk(RelayLimits.MaxTokensPerFetch))
        {
            var fetched = await context.Transport.FetchAsync(relay, [.. chunk.Select(t => t.Token)], CancellationToken.None).ConfigureAwait(false);
            if (!fetched.IsOk)
            {
                reachable = false;
                continue;
            }

            var burn = new List<byte[]>();
            foreach (var blob in fetched.Blobs)
            {
                if (!routes.TryGetValue(Convert.ToHexString(blob.Token.Span), out var route))
                {
                    continue;
                }

                var blobId = blob.BlobId.ToArray();
                if (route is TokenRoute.Cover)
                {
                    burn.Add(blobId);
                    continue;
                }

                BlobHandled handled;
                try
                {
                    handled = await profile.Ask<BlobHandled>(new IncomingBlob(route, blobId, blob.Blob.ToArray()), context.Options.AskTimeout)
                        .ConfigureAwait(false);
                }
                catch (Exception)
                {
                    continue; // not confirmed: fetched again next poll
                }

                switch (handled.Result)
                {
                    case BlobResult.Committed or BlobResult.AlreadyProcessed:
                        burn.Add(blobId);
                        break;
                    case BlobResult.Undecryptable:
                        undecryptable.Add(new Undecryptable(Convert.ToHexString(handled.Digest), blobId, route, relay));
                        break;
                }
            }

            foreach (var ids in burn.Chunk(RelayLimits.MaxBlobIdsPerConfirm))
            {
                await context.Transport.ConfirmAsync(relay, ids, CancellationToken.None).ConfigureAwait(false);
            }
        }

        return reachable;
    }

    private void OnPollCompleted(PollCompleted completed)
    {
        _inFlight = false;
        foreach (var (relay, reachable) in completed.Reachable)
        {
            if (!_reachable.TryGetValue(relay, out var before) || before != reachable)
            {
                _reachable[relay] = reachable;
                Context.System.EventStream.Publish(new RelayStatusChanged(relay.Address, reachable));
            }
        }

        // One count per poll for a blob, even when the same bytes wait on both relays; burned on each relay it is on.
        var poison = _poison.Record(completed.Undecryptable.Select(u => u.Digest).Distinct(StringComparer.Ordinal), _context.Time.GetUtcNow());
        var burn = completed.Undecryptable.Where(u => poison.Contains(u.Digest, StringComparer.Ordinal)).DistinctBy(u => (u.Digest, u.Relay.Address)).ToList();
        if (burn.Count > 0)
        {
            foreach (var onRelay in burn.GroupBy(u => u.Relay))
            {
                foreach (var ids in onRelay.Select(u => u.BlobId).Chunk(RelayLimits.MaxBlobIdsPerConfirm))
                {
                    _ = _context.Transport.ConfirmAsync(onRelay.Key, ids, CancellationToken.None);
                }
            }

            foreach (var discarded in burn.DistinctBy(u => u.Digest))
            {
                Context.System.EventStream.Publish(new PoisonBlobDiscarded(discarded.Route is TokenRoute.Contact c ? c.Id : (ContactId?)null));
            }
        }

        Answer();
        if (_waitingForNext.Count > 0)
        {
            StartPoll();
        }
    }

    private void Answer()
    {
        foreach (var waiter in _waitingForCurrent)
        {
            waiter.Tell(Done.Instance);
        }

        _waitingForCurrent = [];
    }

    private sealed record PollTick
    {
        public static PollTick Instance { get; } = new();
    }

    private sealed record Undecryptable(string Digest, byte[] BlobId, TokenRoute Route, RelayEndpoint Relay)
    {
        public override string ToString() => $"Undecryptable({Route})";
    }

    private sealed record PollCompleted(IReadOnlyDictionary<RelayEndpoint, bool> Reachable, IReadOnlyList<Undecryptable> Undecryptable)
    {
        public override string ToString() =>
            $"PollCompleted(reachable {Reachable.Values.Count(r => r)} of {Reachable.Count}, {Undecryptable.Count} undecryptable)";
    }
}
