using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Pvtcoms.Relay.Storage;

namespace Pvtcoms.Relay.Mailbox;

/// <summary>
/// One token's mailbox, run as a sharded, event-sourced entity. It only persists what
/// <see cref="MailboxState"/> decides and replies after the write is durable. After every burn or expiry
/// it re-states its live state in one event and deletes every earlier event, so burned blobs leave the
/// journal (see ADR 0050). Passivates when idle; rehydrates from the journal on demand.
/// </summary>
public sealed class MailboxActor : ReceivePersistentActor
{
    private readonly MailboxLimits _limits;
    private readonly StorageLedger _ledger;
    private readonly Func<int> _today;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private MailboxState _state = MailboxState.Empty;
    private long _firstReplayedSequenceNr;
    private long _lastCompactionSequenceNr;

    public MailboxActor(string mailboxId, MailboxLimits limits, StorageLedger ledger, Func<int> today)
    {
        PersistenceId = mailboxId;
        _limits = limits;
        _ledger = ledger;
        _today = today;

        Recover<IMailboxEvent>(RecoverEvent);
        Recover<RecoveryCompleted>(_ => AfterRecovery());

        Command<Deposit>(HandleDeposit);
        Command<Fetch>(_ => Sender.Tell(Snapshot()));
        Command<Confirm>(HandleConfirm);
        Command<Sweep>(HandleSweep);
        Command<FinishRecovery>(_ => FinishRecovering());
    }

    public override string PersistenceId { get; }

    public static Props Props(string mailboxId, MailboxLimits limits, StorageLedger ledger, Func<int> today) =>
        Akka.Actor.Props.CreateBy(new MailboxActorProducer(mailboxId, limits, ledger, today));

    private void RecoverEvent(IMailboxEvent @event)
    {
        if (_firstReplayedSequenceNr == 0)
        {
            _firstReplayedSequenceNr = LastSequenceNr;
        }

        _state = _state.Apply(@event);
        if (@event is Compacted or Emptied)
        {
            _lastCompactionSequenceNr = LastSequenceNr;
        }
    }

    private void AfterRecovery()
    {
        // Persisting is done as a command, after recovery has fully completed.
        if (_firstReplayedSequenceNr != 0)
        {
            Self.Tell(FinishRecovery.Instance);
        }
    }

    private void FinishRecovering()
    {
        if (_state.DecideCompaction(_today()) is not null)
        {
            Compact(_today(), ActorRefs.Nobody, null);
        }
        else if (_firstReplayedSequenceNr != 0 && _firstReplayedSequenceNr < _lastCompactionSequenceNr)
        {
            // A compaction was journaled but the deletion of what it replaced did not finish (crash).
            var deleteTo = _state.IsEmpty ? LastSequenceNr : _lastCompactionSequenceNr - 1;
            DeleteThenReply(deleteTo, ActorRefs.Nobody, null);
        }
    }

    private FetchResult Snapshot() =>
        _state.Pending.IsEmpty
            ? FetchResult.Empty
            : new FetchResult([.. _state.Pending.Select(p => new FetchedBlob(p.Id, p.Blob))]);

    private void HandleDeposit(Deposit command)
    {
        var decision = _state.DecideDeposit(command, _limits);
        if (decision.Refusal is { } refusal)
        {
            Sender.Tell(new DepositRefused(refusal));
            return;
        }

        var deposited = decision.Event!;
        if (!_ledger.TryReserve(deposited.Blob.LongLength))
        {
            Sender.Tell(new DepositRefused(DepositRefusal.RelayFull));
            return;
        }

        var replyTo = Sender;
        Persist(deposited, e =>
        {
            _state = _state.Apply(e);
            replyTo.Tell(new DepositAccepted(e.Id));
        });
    }

    private void HandleConfirm(Confirm command)
    {
        var burned = _state.DecideConfirm(command.Ids);
        if (burned is null)
        {
            Sender.Tell(new Confirmed(0));
            return;
        }

        var (count, bytes) = _state.Measure(burned.Ids);
        var replyTo = Sender;
        Persist(burned, e =>
        {
            _state = _state.Apply(e);
            _ledger.Release(count, bytes);
            Compact(command.Today, replyTo, new Confirmed(count));
        });
    }

    private void HandleSweep(Sweep command)
    {
        var expired = _state.DecideExpiry(command.Today);
        var replyTo = Sender;
        if (expired is null)
        {
            Compact(command.Today, replyTo, new Swept(0));
            return;
        }

        var (count, bytes) = _state.Measure(expired.Ids);
        Persist(expired, e =>
        {
            _state = _state.Apply(e);
            _ledger.Release(count, bytes);
            Compact(command.Today, replyTo, new Swept(count));
        });
    }

    /// <summary>Persists the re-stated state (if anything is obsolete), deletes what it replaces, then replies.</summary>
    private void Compact(int today, IActorRef replyTo, object? reply)
    {
        var compaction = _state.DecideCompaction(today);
        if (compaction is null)
        {
            if (reply is not null)
            {
                replyTo.Tell(reply);
            }

            return;
        }

        Persist(compaction, e =>
        {
            _state = _state.Apply(e);
            _lastCompactionSequenceNr = LastSequenceNr;
            var deleteTo = e is Emptied ? LastSequenceNr : LastSequenceNr - 1;
            DeleteThenReply(deleteTo, replyTo, reply);
        });
    }

    private void DeleteThenReply(long toSequenceNr, IActorRef replyTo, object? reply)
    {
        if (toSequenceNr <= 0)
        {
            if (reply is not null)
            {
                replyTo.Tell(reply);
            }

            return;
        }

        DeleteMessages(toSequenceNr);
        BecomeStacked(() =>
        {
            Command<DeleteMessagesSuccess>(_ => Resume(replyTo, reply));
            Command<DeleteMessagesFailure>(_ =>
            {
                // Burned blobs stay until the next sweep retries; the burn itself is durable.
                _log.Warning("Mailbox journal deletion failed; it is retried on the next sweep.");
                Resume(replyTo, reply);
            });
            CommandAny(_ => Stash.Stash());
        });
    }

    private void Resume(IActorRef replyTo, object? reply)
    {
        UnbecomeStacked();
        Stash.UnstashAll();
        if (reply is not null)
        {
            replyTo.Tell(reply);
        }
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        if (@event is Deposited deposited)
        {
            _ledger.Release(1, deposited.Blob.LongLength);
        }

        // No exception text: it could quote SQL parameters. The actor stops; the journal is the truth.
        _log.Error("Mailbox journal write failed ({0}); the mailbox restarts from its journal.", cause.GetType().Name);
        Context.Stop(Self);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        if (@event is Deposited deposited)
        {
            _ledger.Release(1, deposited.Blob.LongLength);
        }

        _log.Error("Mailbox journal write rejected ({0}).", cause.GetType().Name);
        Sender.Tell(new Status.Failure(new InvalidOperationException("The journal rejected the write.")));
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _log.Error("Mailbox recovery failed ({0}).", reason.GetType().Name);
        base.OnRecoveryFailure(new InvalidOperationException("Mailbox recovery failed."), null);
    }

    /// <summary>Sent to itself after recovery to finish an interrupted compaction.</summary>
    private sealed class FinishRecovery
    {
        public static readonly FinishRecovery Instance = new();
    }
}
