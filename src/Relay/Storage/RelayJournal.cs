using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Microsoft.Data.Sqlite;
using Pvtcoms.Relay.Mailbox;

namespace Pvtcoms.Relay.Storage;

/// <summary>
/// The relay's Akka.Persistence journal on SQLite (ADR 0055): a lean table (docs/RELAY.md, "Journal rows"),
/// writes through the group-committing <see cref="JournalWriter"/>, reads on a few pooled read connections
/// (WAL lets them run beside the writer), and no read at all for a mailbox the <see cref="MailboxIdFilter"/>
/// says cannot have rows. Deleting up to a sequence number removes the rows for good (no marker row is kept:
/// a mailbox whose rows are all gone starts again at 1, which nothing in the relay depends on).
/// Only <see cref="IMailboxEvent"/>s are accepted; they are written with <see cref="MailboxEventSerializer"/>.
/// <para>
/// It speaks the journal protocol itself rather than through <see cref="Akka.Persistence.Journal.AsyncWriteJournal"/>
/// (ADR 0116): the journal's sync thread answers the mailbox directly once the transaction holding its events has
/// committed and the WAL has been synced (ADR 0122). The answers are the ones <c>AsyncWriteJournal</c> gives, in the same order (<see cref="WriteMessagesSuccessful"/>,
/// then one <see cref="WriteMessageSuccess"/> per event); a mailbox has at most one write outstanding, and the single
/// writer completes jobs in queue order, so no resequencing is needed. Saved per persist: a task continuation, a
/// circuit-breaker timer and the resequencer actor's hop.
/// </para>
/// </summary>
public sealed class RelayJournal : ActorBase
{
    public const string PluginId = "akka.persistence.journal.relay-sqlite";

    private readonly RelayDatabase _database;
    private readonly MailboxEventSerializer _serializer;
    private readonly MailboxIdFilter _filter = new();
    private ConcurrentReaders? _readers;
    private JournalWriter? _writer;

    public RelayJournal(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _database = new RelayDatabase(config.GetString("database-path"));
        _serializer = new MailboxEventSerializer((ExtendedActorSystem)Context.System);
    }

    protected override void PreStart()
    {
        base.PreStart();

        // Rows a crash (or a stop) left out of the index are listed before anything reads it.
        _database.IndexUnindexedRows();
        foreach (var id in _database.MailboxIdsWithRows())
        {
            _filter.Add(id);
        }

        _writer = new JournalWriter(_database);
        _readers = new ConcurrentReaders(_database, _writer.Unindexed);
    }

    protected override void PostStop()
    {
        _readers?.Dispose();
        _writer?.Dispose();
        base.PostStop();
    }

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case WriteMessages write:
                HandleWrite(write);
                return true;
            case ReplayMessages replay:
                HandleReplay(replay);
                return true;
            case DeleteMessagesTo delete:
                _writer!.DeleteTo(delete.PersistenceId, delete.ToSequenceNr, new DeleteCompletion(delete, Self));
                return true;
            default:
                return false;
        }
    }

    private void HandleWrite(WriteMessages message)
    {
        var envelopes = message.Messages as IReadOnlyList<IPersistentEnvelope> ?? [.. message.Messages];
        List<JournalRow[]>? writes = null;
        Exception?[]? rejections = null;
        for (var w = 0; w < envelopes.Count; w++)
        {
            if (envelopes[w] is not AtomicWrite write)
            {
                continue;
            }

            var batch = (IImmutableList<IPersistentRepresentation>)write.Payload;
            var rows = new JournalRow[batch.Count];
            Exception? rejected = null;
            for (var i = 0; i < batch.Count && rejected is null; i++)
            {
                var p = batch[i];
                if (p.Payload is IMailboxEvent @event)
                {
                    rows[i] = new JournalRow(p.PersistenceId, p.SequenceNr, @event.SweepDay, _serializer.Manifest(@event), _serializer.ToBinary(@event));
                }
                else
                {
                    rejected = new NotSupportedException("The relay journal stores mailbox events only.");
                }
            }

            if (rejected is null)
            {
                (writes ??= new List<JournalRow[]>(1)).Add(rows);
                _filter.Add(write.PersistenceId);
            }
            else
            {
                (rejections ??= new Exception?[envelopes.Count])[w] = rejected;
            }
        }

        var completion = new WriteCompletion(message, envelopes, rejections, Self);
        if (writes is null)
        {
            completion.Committed();
            return;
        }

        _writer!.Write(writes, completion);
    }

    private void HandleReplay(ReplayMessages message)
    {
        var replyTo = message.PersistentActor;
        if (!_filter.MayContain(message.PersistenceId))
        {
            // Never written: the answer needs no read. Highest 0 is what the table would say.
            replyTo.Tell(new RecoverySuccess(0L));
            return;
        }

        _ = Task.Run(() =>
        {
            try
            {
                _readers!.Use(reader =>
                {
                    var (highest, rows) = reader.Read(message.PersistenceId, message.FromSequenceNr, message.ToSequenceNr, message.Max);
                    foreach (var (sequenceNr, manifest, bytes) in rows)
                    {
                        var payload = _serializer.FromBinary(bytes, manifest);
                        replyTo.Tell(new ReplayedMessage(new Persistent(payload, sequenceNr, message.PersistenceId, string.Empty, false, ActorRefs.NoSender, string.Empty)), ActorRefs.NoSender);
                    }

                    replyTo.Tell(new RecoverySuccess(highest));
                    return 0;
                });
            }
            catch (Exception e) when (e is SqliteException or InvalidOperationException or InvalidCastException or FormatException or OverflowException or System.Runtime.Serialization.SerializationException or ArgumentException)
            {
                replyTo.Tell(new ReplayMessagesFailure(e));
            }
        });
    }

    /// <summary>The answers <c>AsyncWriteJournal</c> gives a <see cref="WriteMessages"/>, sent from the journal's sync thread.</summary>
    private sealed class WriteCompletion(WriteMessages message, IReadOnlyList<IPersistentEnvelope> envelopes, Exception?[]? rejections, IActorRef journal) : IJournalCompletion
    {
        public void Committed()
        {
            var target = message.PersistentActor;
            target.Tell(WriteMessagesSuccessful.Instance, journal);
            for (var w = 0; w < envelopes.Count; w++)
            {
                var envelope = envelopes[w];
                if (envelope is AtomicWrite write)
                {
                    var rejected = rejections?[w];
                    foreach (var p in (IImmutableList<IPersistentRepresentation>)write.Payload)
                    {
                        target.Tell(
                            rejected is null
                                ? new WriteMessageSuccess(p, message.ActorInstanceId)
                                : new WriteMessageRejected(p, rejected, message.ActorInstanceId),
                            p.Sender);
                    }
                }
                else
                {
                    target.Tell(new LoopMessageSuccess(envelope.Payload, message.ActorInstanceId), envelope.Sender);
                }
            }
        }

        public void Failed(Exception cause)
        {
            var target = message.PersistentActor;
            var atomicWrites = 0;
            foreach (var envelope in envelopes)
            {
                atomicWrites += envelope is AtomicWrite ? 1 : 0;
            }

            target.Tell(new WriteMessagesFailed(cause, atomicWrites), journal);
            foreach (var envelope in envelopes)
            {
                if (envelope is AtomicWrite write)
                {
                    foreach (var p in (IImmutableList<IPersistentRepresentation>)write.Payload)
                    {
                        target.Tell(new WriteMessageFailure(p, cause, message.ActorInstanceId), p.Sender);
                    }
                }
                else
                {
                    target.Tell(new LoopMessageSuccess(envelope.Payload, message.ActorInstanceId), envelope.Sender);
                }
            }
        }
    }

    private sealed class DeleteCompletion(DeleteMessagesTo message, IActorRef journal) : IJournalCompletion
    {
        public void Committed() => message.PersistentActor.Tell(new DeleteMessagesSuccess(message.ToSequenceNr), journal);

        public void Failed(Exception cause) => message.PersistentActor.Tell(new DeleteMessagesFailure(cause, message.ToSequenceNr), journal);
    }

    /// <summary>A few read connections, each with its two prepared queries, handed out one caller at a time.</summary>
    private sealed class ConcurrentReaders(RelayDatabase database, UnindexedRows unindexed) : IDisposable
    {
        private const int Kept = 4;
        private readonly System.Collections.Concurrent.ConcurrentBag<JournalReader> _idle = [];

        public T Use<T>(Func<JournalReader, T> read)
        {
            var reader = _idle.TryTake(out var idle) ? idle : new JournalReader(database, unindexed);
            try
            {
                return read(reader);
            }
            finally
            {
                if (_idle.Count < Kept)
                {
                    _idle.Add(reader);
                }
                else
                {
                    reader.Dispose();
                }
            }
        }

        public void Dispose()
        {
            while (_idle.TryTake(out var reader))
            {
                reader.Dispose();
            }
        }
    }
}
