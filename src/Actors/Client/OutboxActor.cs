using Akka.Actor;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Transport;
using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Actors.Client;

/// <summary>
/// Deposits committed outbox items (ADR 0082). Loads <c>LoadOutbox()</c> on start, so what a crash left
/// behind is re-sent — the exact bytes, so no key is used twice and the peer de-duplicates by message id.
/// Ok (or the relay's "duplicate") → <c>CompleteOutbox</c> (AtRelay); transient → <c>RescheduleOutbox</c> with
/// exponential backoff and jitter; permanent refusal → <c>FailOutbox</c> and a <see cref="DeliveryStateChanged"/>
/// to Failed — never dropped silently. One deposit per item in flight at a time. An item addressed to the own
/// relay goes to the failover relay while the own relay is unreachable and was not chosen explicitly
/// (<see cref="RelayFailover"/>, ADR 0087); every attempt's outcome is recorded there.
/// </summary>
internal sealed class OutboxActor : ReceiveActor, IWithTimers
{
    private readonly ClientContext _context;
    private readonly Dictionary<MessageId, OutboxItem> _pending = [];
    private readonly HashSet<MessageId> _inFlight = [];
    private readonly Dictionary<string, bool> _reachable = new(StringComparer.Ordinal);

    public OutboxActor(ClientContext context)
    {
        _context = context;
        Receive<Enqueue>(m =>
        {
            _pending[m.Item.Id] = m.Item;
            TryDeposit(m.Item);
        });
        Receive<Tick>(_ => DepositDue());
        Receive<Deposited>(OnDeposited);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ClientContext context) => Akka.Actor.Props.Create(() => new OutboxActor(context));

    protected override void PreStart()
    {
        foreach (var item in _context.Store.LoadOutbox())
        {
            _pending[item.Id] = item;
        }

        Timers.StartPeriodicTimer("tick", Tick.Instance, _context.Options.OutboxTick);
        DepositDue();
    }

    private void DepositDue()
    {
        var now = _context.Time.GetUtcNow();
        foreach (var item in _pending.Values.Where(i => i.NextAttemptAt <= now).OrderBy(i => i.NextAttemptAt).ToList())
        {
            TryDeposit(item);
        }
    }

    private void TryDeposit(OutboxItem item)
    {
        if (_inFlight.Contains(item.Id) || item.NextAttemptAt > _context.Time.GetUtcNow())
        {
            return;
        }

        if (!RelayEndpoint.Parse(item.Relay).TryGetValue(out var relay))
        {
            Fail(item);
            return;
        }

        // The item keeps naming the relay it was addressed to; only this attempt may go to the failover (ADR 0087).
        var target = _context.Relays.DepositTarget(relay);
        _inFlight.Add(item.Id);
        _context.Transport.DepositAsync(target, item.Token, item.Blob, CancellationToken.None)
            .PipeTo(Self, success: outcome => new Deposited(item.Id, target, outcome), failure: _ => new Deposited(item.Id, target, DepositOutcome.Transient()));
    }

    private void OnDeposited(Deposited deposited)
    {
        _inFlight.Remove(deposited.Id);
        if (!_pending.TryGetValue(deposited.Id, out var item))
        {
            return;
        }

        var reached = deposited.Outcome.Status != RelayCallStatus.Transient;
        _context.Relays.Record(deposited.Target, reached);
        ReportReachability(deposited.Target.Address, reached);
        switch (deposited.Outcome.Status)
        {
            case RelayCallStatus.Ok:
                _context.Store.CompleteOutbox(item.Id);
                _pending.Remove(item.Id);
                PublishState(item.Id);
                break;
            case RelayCallStatus.Transient:
                var attempts = item.Attempts + 1;
                var next = _context.Time.GetUtcNow() + _context.Options.Retry.DelayAfter(attempts, _context.Entropy);
                _context.Store.RescheduleOutbox(item.Id, attempts, next);
                _pending[item.Id] = item with { Attempts = attempts, NextAttemptAt = next };
                break;
            default:
                Fail(item);
                break;
        }
    }

    private void Fail(OutboxItem item)
    {
        _context.Store.FailOutbox(item.Id);
        _pending.Remove(item.Id);
        PublishState(item.Id);
    }

    private void PublishState(MessageId id)
    {
        if (_context.Store.LoadMessage(id) is { Direction: MessageDirection.Outgoing } message)
        {
            Context.System.EventStream.Publish(new DeliveryStateChanged(message.Contact, id, message.State));
        }
    }

    private void ReportReachability(string relay, bool reachable)
    {
        if (!_reachable.TryGetValue(relay, out var before) || before != reachable)
        {
            _reachable[relay] = reachable;
            Context.System.EventStream.Publish(new RelayStatusChanged(relay, reachable));
        }
    }

    private sealed record Tick
    {
        public static Tick Instance { get; } = new();
    }

    private sealed record Deposited(MessageId Id, RelayEndpoint Target, DepositOutcome Outcome)
    {
        public override string ToString() => $"Deposited({Id}, {Outcome.Status})";
    }
}
