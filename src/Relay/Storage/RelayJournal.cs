using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
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
/// </summary>
public sealed class RelayJournal : AsyncWriteJournal
{
    public const string PluginId = "akka.persistence.journal.relay-sqlite";

    private readonly RelayDatabase _database;
    private readonly MailboxEventSerializer _serializer;
    private readonly MailboxIdFilter _filter = new();
    private readonly ConcurrentReaders _readers;
    private JournalWriter? _writer;

    public RelayJournal(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _database = new RelayDatabase(config.GetString("database-path"));
        _serializer = new MailboxEventSerializer((ExtendedActorSystem)Context.System);
        _readers = new ConcurrentReaders(_database);
    }

    protected override void PreStart()
    {
        base.PreStart();
        foreach (var id in _database.MailboxIdsWithRows())
        {
            _filter.Add(id);
        }

        _writer = new JournalWriter(_database);
    }

    protected override void PostStop()
    {
        _writer?.Dispose();
        _readers.Dispose();
        base.PostStop();
    }

    protected override async Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = new List<JournalRow[]>();
        var results = new List<Exception?>();
        var anyRejected = false;
        foreach (var write in messages)
        {
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

            results.Add(rejected);
            if (rejected is null)
            {
                writes.Add(rows);
                _filter.Add(write.PersistenceId);
            }
            else
            {
                anyRejected = true;
            }
        }

        if (writes.Count > 0)
        {
            await _writer!.WriteAsync(writes).ConfigureAwait(false);
        }

        return anyRejected ? results.ToImmutableList() : null!;
    }

    protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        _writer!.DeleteToAsync(persistenceId, toSequenceNr);

    public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        if (!_filter.MayContain(persistenceId))
        {
            return Task.FromResult(0L);
        }

        return Task.Run(() => _readers.Use(reader => reader.HighestSequenceNr(persistenceId)), cancellationToken);
    }

    public override Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<IPersistentRepresentation> recoveryCallback)
    {
        if (max <= 0 || toSequenceNr < fromSequenceNr || !_filter.MayContain(persistenceId))
        {
            return Task.CompletedTask;
        }

        return Task.Run(() => _readers.Use(reader =>
        {
            foreach (var (sequenceNr, manifest, message) in reader.Replay(persistenceId, fromSequenceNr, toSequenceNr, max))
            {
                var payload = _serializer.FromBinary(message, manifest);
                recoveryCallback(new Persistent(payload, sequenceNr, persistenceId, string.Empty, false, ActorRefs.NoSender, string.Empty));
            }

            return 0;
        }));
    }

    /// <summary>A few read connections, each with its two prepared queries, handed out one caller at a time.</summary>
    private sealed class ConcurrentReaders(RelayDatabase database) : IDisposable
    {
        private const int Kept = 4;
        private readonly System.Collections.Concurrent.ConcurrentBag<JournalReader> _idle = [];

        public T Use<T>(Func<JournalReader, T> read)
        {
            var reader = _idle.TryTake(out var idle) ? idle : new JournalReader(database);
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

    private sealed class JournalReader : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _highest;
        private readonly SqliteCommand _replay;

        public JournalReader(RelayDatabase database)
        {
            _connection = database.Open();
            _highest = _connection.CreateCommand();
            _highest.CommandText = $"SELECT coalesce(max(sequence_number), 0) FROM {RelayDatabase.JournalTable} WHERE persistence_id = $p;";
            _highest.Parameters.Add("$p", SqliteType.Text);
            _replay = _connection.CreateCommand();
            _replay.CommandText =
                $"SELECT sequence_number, manifest, message FROM {RelayDatabase.JournalTable} " +
                "WHERE persistence_id = $p AND sequence_number >= $from AND sequence_number <= $to ORDER BY sequence_number LIMIT $max;";
            _replay.Parameters.Add("$p", SqliteType.Text);
            _replay.Parameters.Add("$from", SqliteType.Integer);
            _replay.Parameters.Add("$to", SqliteType.Integer);
            _replay.Parameters.Add("$max", SqliteType.Integer);
        }

        public long HighestSequenceNr(string persistenceId)
        {
            _highest.Parameters[0].Value = persistenceId;
            return Convert.ToInt64(_highest.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        public List<(long SequenceNr, string Manifest, byte[] Message)> Replay(string persistenceId, long from, long to, long max)
        {
            _replay.Parameters[0].Value = persistenceId;
            _replay.Parameters[1].Value = from;
            _replay.Parameters[2].Value = to;
            _replay.Parameters[3].Value = max;
            var rows = new List<(long, string, byte[])>();
            using var reader = _replay.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), (byte[])reader.GetValue(2)));
            }

            return rows;
        }

        public void Dispose()
        {
            _highest.Dispose();
            _replay.Dispose();
            _connection.Dispose();
        }
    }
}
