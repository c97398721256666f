using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Pvtcoms.Relay.Storage;

/// <summary>
/// The journal's only writer: one thread, one long-lived connection, prepared statements, and group commit.
/// Every write or deletion queued while the previous transaction was committing goes into the next one, so
/// one <c>fsync</c> makes a whole batch of deposits durable; that <c>fsync</c> runs on <see cref="WalSync"/>'s thread
/// while this one commits the next batch (ADR 0122). A caller's task completes only after the transaction holding
/// its rows has committed and the WAL has been synced. A failed batch is retried job by job, so one bad write fails
/// only its own caller (ADR 0055). Callers either await a task or hand in an <see cref="IJournalCompletion"/> that
/// the sync thread calls itself right after the <c>fsync</c>, so that the journal can answer the mailbox without
/// another thread hop (ADR 0116).
/// </summary>
public sealed class JournalWriter : IDisposable
{
    /// <summary>At most this many rows in one transaction.</summary>
    public const int MaxRowsPerCommit = 4096;

    /// <summary>At most about this many payload bytes in one transaction (a single row may exceed it alone).</summary>
    public const long MaxBytesPerCommit = 32L * 1024 * 1024;

    /// <summary>
    /// Unindexed rows that trigger an index merge (ADR 0123). A merge of this many rows writes each touched index page
    /// once; a reader's snapshot copies at most this many (plus one commit's) entries.
    /// </summary>
    public const int DefaultIndexEvery = 16_384;

    /// <summary>About this many index entries per merge transaction (whole mailboxes: a chunk may be a little larger).</summary>
    public const int IndexChunkRows = 2048;

    /// <summary>
    /// The writer's own settings: a 32 MiB page cache keeps the mailbox index, which merges and duplicate checks touch
    /// at random places, and the rows not yet indexed in memory instead of re-reading them (ADR 0118, 0123); no automatic checkpoint on this connection: the
    /// <see cref="WalCheckpointer"/> copies the WAL beside it (ADR 0122); <c>synchronous = NORMAL</c> on this connection
    /// only: its commits are made durable by <see cref="WalSync"/>, which syncs the WAL before any caller hears
    /// "committed" (ADR 0122); every other connection keeps <c>FULL</c>. The periodic <c>TRUNCATE</c> checkpoint
    /// (every 30 s) still empties the WAL, so deleted bytes leave it as before.
    /// </summary>
    public const string WriterPragmas = "PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 0; PRAGMA synchronous = NORMAL;";

    private readonly BlockingCollection<Job> _queue = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly Thread _thread;
    private readonly WalSync _sync;
    private readonly WalCheckpointer _checkpointer;
    private readonly SqliteCommand _deleteIndexedRows;
    private readonly SqliteCommand _deleteIndexEntries;
    private readonly SqliteCommand _deleteRow;
    private readonly List<UnindexedChange> _changes = [];
    private readonly HashSet<(string PersistenceId, long SequenceNr)> _inserted = [];
    private readonly SqliteCommand _indexed;
    private readonly SqliteCommand _indexEntry;
    private readonly SqliteCommand _indexedUpTo;
    private readonly int _indexEvery;
    private long _nextIndexAt;
    private long _lastRowId;
    private List<string>? _mergePlan;
    private int _mergeNext;
    private long _mergeBound;

    public JournalWriter(RelayDatabase database)
        : this(database, static db => new WalCheckpointer(db))
    {
    }

    /// <param name="checkpointer">Makes the background checkpointer (tests give it a short interval and a small WAL).</param>
    public JournalWriter(RelayDatabase database, Func<RelayDatabase, WalCheckpointer> checkpointer)
        : this(database, checkpointer, DefaultIndexEvery)
    {
    }

    /// <param name="indexEvery">How many unindexed rows trigger an index merge between two commits (ADR 0123).</param>
    public JournalWriter(RelayDatabase database, Func<RelayDatabase, WalCheckpointer> checkpointer, int indexEvery)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(checkpointer);
        ArgumentOutOfRangeException.ThrowIfLessThan(indexEvery, 1);
        _indexEvery = indexEvery;
        _nextIndexAt = indexEvery;
        _sync = new WalSync(database.Path + "-wal");
        _connection = database.Open();
        using (var settings = _connection.CreateCommand())
        {
            settings.CommandText = WriterPragmas;
            settings.ExecuteNonQuery();
        }

        _insert = _connection.CreateCommand();
        _insert.CommandText =
            $"INSERT INTO {RelayDatabase.JournalTable} (persistence_id, sequence_number, sweep_day, manifest, message) VALUES ($p, $s, $d, $m, $b);";
        _insert.Parameters.Add("$p", SqliteType.Text);
        _insert.Parameters.Add("$s", SqliteType.Integer);
        _insert.Parameters.Add("$d", SqliteType.Integer);
        _insert.Parameters.Add("$m", SqliteType.Text);
        _insert.Parameters.Add("$b", SqliteType.Blob);
        _deleteIndexedRows = Command(
            $"DELETE FROM {RelayDatabase.JournalTable} WHERE id IN " +
            $"(SELECT row_id FROM {RelayDatabase.IndexTable} WHERE persistence_id = $p AND sequence_number <= $s);");
        _deleteIndexEntries = Command($"DELETE FROM {RelayDatabase.IndexTable} WHERE persistence_id = $p AND sequence_number <= $s;");
        _indexed = Command($"SELECT EXISTS (SELECT 1 FROM {RelayDatabase.IndexTable} WHERE persistence_id = $p AND sequence_number = $s);");
        _indexEntry = Command($"INSERT OR IGNORE INTO {RelayDatabase.IndexTable} (persistence_id, sequence_number, row_id) VALUES ($p, $s, $id);");
        _indexEntry.Parameters.Add("$id", SqliteType.Integer);
        _indexedUpTo = _connection.CreateCommand();
        _indexedUpTo.CommandText = $"UPDATE {RelayDatabase.IndexedTable} SET up_to = $bound WHERE up_to < $bound;";
        _indexedUpTo.Parameters.Add("$bound", SqliteType.Integer);
        _deleteRow = _connection.CreateCommand();
        _deleteRow.CommandText = $"DELETE FROM {RelayDatabase.JournalTable} WHERE id = $id;";
        _deleteRow.Parameters.Add("$id", SqliteType.Integer);
        _checkpointer = checkpointer(database);
        Unindexed = new UnindexedRows();
        _thread = new Thread(Run) { IsBackground = true, Name = "relay-journal-writer" };
        _thread.Start();
    }

    /// <summary>The rows committed since the last index merge; readers capture them with their snapshot (ADR 0123).</summary>
    public UnindexedRows Unindexed { get; }

    /// <summary>Writes each group of rows atomically; completes once they are committed.</summary>
    public Task WriteAsync(IReadOnlyList<JournalRow[]> atomicWrites)
    {
        var completion = new TaskCompletion();
        Write(atomicWrites, completion);
        return completion.Task;
    }

    /// <summary>Deletes every row of the mailbox up to and including <paramref name="toSequenceNr"/>; completes once committed.</summary>
    public Task DeleteToAsync(string persistenceId, long toSequenceNr)
    {
        var completion = new TaskCompletion();
        DeleteTo(persistenceId, toSequenceNr, completion);
        return completion.Task;
    }

    /// <summary>
    /// Writes each group of rows atomically; <paramref name="completion"/> is called on the sync thread once they
    /// are committed and synced (or have failed), in queue order.
    /// </summary>
    public void Write(IReadOnlyList<JournalRow[]> atomicWrites, IJournalCompletion completion) => Enqueue(new WriteJob(atomicWrites, completion));

    /// <summary>Deletes every row of the mailbox up to and including <paramref name="toSequenceNr"/>; then calls <paramref name="completion"/>.</summary>
    public void DeleteTo(string persistenceId, long toSequenceNr, IJournalCompletion completion) => Enqueue(new DeleteJob(persistenceId, toSequenceNr, completion));

    /// <summary>Finishes the queued work, then closes the connection.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        _sync.Dispose();
        _checkpointer.Dispose();
        _insert.Dispose();
        _deleteIndexedRows.Dispose();
        _deleteIndexEntries.Dispose();
        _deleteRow.Dispose();
        _indexEntry.Dispose();
        _indexedUpTo.Dispose();
        _indexed.Dispose();
        Unindexed.Dispose();
        _connection.Dispose();
        _queue.Dispose();
    }

    private void Enqueue(Job job)
    {
        try
        {
            _queue.Add(job);
        }
        catch (InvalidOperationException)
        {
            job.Done.Failed(new ObjectDisposedException(nameof(JournalWriter)));
        }
    }

    private void Run()
    {
        var batch = new List<Job>();
        foreach (var first in _queue.GetConsumingEnumerable())
        {
            batch.Clear();
            batch.Add(first);
            var rows = first.Rows;
            var bytes = first.Bytes;
            while (rows < MaxRowsPerCommit && bytes < MaxBytesPerCommit && _queue.TryTake(out var next))
            {
                batch.Add(next);
                rows += next.Rows;
                bytes += next.Bytes;
            }

            if (_checkpointer.RestartWanted)
            {
                _checkpointer.CatchUp(_connection);
            }

            if (TryCommit(batch, out _))
            {
                _sync.Committed(batch.ConvertAll(job => job.Done));
                IndexIfDue();
                continue;
            }

            // One job's failure must not fail the others: each again in its own transaction.
            foreach (var job in batch)
            {
                if (TryCommit([job], out var failure))
                {
                    _sync.Committed([job.Done]);
                }
                else
                {
                    _sync.Failed([job.Done], failure!);
                }
            }
        }
    }

    private bool TryCommit(List<Job> jobs, out Exception? failure)
    {
        failure = null;
        SqliteTransaction? transaction = null;
        _changes.Clear();
        _inserted.Clear();
        try
        {
            transaction = _connection.BeginTransaction();
            _insert.Transaction = transaction;
            _indexed.Transaction = transaction;
            _deleteIndexedRows.Transaction = transaction;
            _deleteIndexEntries.Transaction = transaction;
            _deleteRow.Transaction = transaction;
            foreach (var job in jobs)
            {
                job.Execute(this);
            }

            Unindexed.Publish(transaction.Commit, _changes);
            return true;
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or DuplicateSequenceNumberException)
        {
            failure = e;
            try
            {
                transaction?.Rollback();
            }
            catch (Exception rollback) when (rollback is SqliteException or InvalidOperationException)
            {
                // The transaction is gone already (SQLite rolls back on some errors by itself).
            }

            return false;
        }
        finally
        {
            transaction?.Dispose();
        }
    }

    private void Insert(JournalRow row)
    {
        // The table has no key on (mailbox, sequence number) any more (ADR 0123): a second row with the same pair is
        // refused here, whether the first is indexed, unindexed or earlier in this transaction.
        _indexed.Parameters[0].Value = row.PersistenceId;
        _indexed.Parameters[1].Value = row.SequenceNr;
        if (!_inserted.Add((row.PersistenceId, row.SequenceNr))
            || Unindexed.Contains(row.PersistenceId, row.SequenceNr)
            || Convert.ToInt64(_indexed.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0)
        {
            throw new DuplicateSequenceNumberException();
        }

        _insert.Parameters[0].Value = row.PersistenceId;
        _insert.Parameters[1].Value = row.SequenceNr;
        _insert.Parameters[2].Value = row.SweepDay;
        _insert.Parameters[3].Value = row.Manifest;
        _insert.Parameters[4].Value = row.Message;
        _insert.ExecuteNonQuery();
        var id = SQLitePCL.raw.sqlite3_last_insert_rowid(_connection.Handle);
        _lastRowId = Math.Max(_lastRowId, id);
        _changes.Add(UnindexedChange.Added(row.PersistenceId, row.SequenceNr, id));
    }

    private void Delete(string persistenceId, long toSequenceNr)
    {
        foreach (var command in (ReadOnlySpan<SqliteCommand>)[_deleteIndexedRows, _deleteIndexEntries])
        {
            command.Parameters[0].Value = persistenceId;
            command.Parameters[1].Value = toSequenceNr;
            command.ExecuteNonQuery();
        }

        // Only this thread changes the unindexed rows, so this copy cannot be out of date.
        foreach (var row in Unindexed.Capture(persistenceId, static () => { }))
        {
            if (row.SequenceNr <= toSequenceNr)
            {
                _deleteRow.Parameters[0].Value = row.RowId;
                _deleteRow.ExecuteNonQuery();
            }
        }

        // And rows inserted earlier in this same transaction (not yet published).
        foreach (var change in _changes)
        {
            if (change.Kind == UnindexedChangeKind.Added && change.SequenceNr <= toSequenceNr && string.Equals(change.PersistenceId, persistenceId, StringComparison.Ordinal))
            {
                _deleteRow.Parameters[0].Value = change.RowId;
                _deleteRow.ExecuteNonQuery();
            }
        }

        _changes.Add(UnindexedChange.DeletedTo(persistenceId, toSequenceNr));
    }

    /// <summary>
    /// Between commits, once <see cref="DefaultIndexEvery"/> rows are unindexed: lists them in the index, a chunk of
    /// mailboxes (in index order, ≈ <see cref="IndexChunkRows"/> rows) per transaction, so each touched index page is
    /// written once per merge instead of once per deposit, and no chunk holds up the next commit for long. The last
    /// chunk moves <c>up_to</c>; a merge cut short by a crash is finished at the next start
    /// (<see cref="RelayDatabase.IndexUnindexedRows"/>, which skips what a chunk already listed). Nothing waits for a
    /// merge's own sync: a lost chunk is only redone. A failed chunk is tried again after as many further rows.
    /// </summary>
    private void IndexIfDue()
    {
        if (_mergePlan is null)
        {
            if (Unindexed.Count < _nextIndexAt)
            {
                return;
            }

            _mergeBound = _lastRowId;
            _mergePlan = Unindexed.MailboxesUpTo(_mergeBound);
            _mergeNext = 0;
        }

        SqliteTransaction? transaction = null;
        try
        {
            transaction = _connection.BeginTransaction();
            _indexEntry.Transaction = transaction;
            var changes = new List<UnindexedChange>();
            var rows = 0;
            var next = _mergeNext;
            while (next < _mergePlan.Count && rows < IndexChunkRows)
            {
                var persistenceId = _mergePlan[next++];
                foreach (var row in Unindexed.Capture(persistenceId, static () => { }))
                {
                    if (row.RowId <= _mergeBound)
                    {
                        _indexEntry.Parameters[0].Value = persistenceId;
                        _indexEntry.Parameters[1].Value = row.SequenceNr;
                        _indexEntry.Parameters[2].Value = row.RowId;
                        _indexEntry.ExecuteNonQuery();
                        rows++;
                    }
                }

                changes.Add(UnindexedChange.IndexedTo(persistenceId, _mergeBound));
            }

            if (next == _mergePlan.Count)
            {
                _indexedUpTo.Transaction = transaction;
                _indexedUpTo.Parameters[0].Value = _mergeBound;
                _indexedUpTo.ExecuteNonQuery();
            }

            Unindexed.Publish(transaction.Commit, changes);
            _mergeNext = next;
            if (next == _mergePlan.Count)
            {
                _mergePlan = null;
                _nextIndexAt = _indexEvery;
            }
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException)
        {
            try
            {
                transaction?.Rollback();
            }
            catch (Exception rollback) when (rollback is SqliteException or InvalidOperationException)
            {
                // Already rolled back by SQLite.
            }

            _mergePlan = null;
            _nextIndexAt = Unindexed.Count + _indexEvery;
        }
        finally
        {
            transaction?.Dispose();
        }
    }

    /// <summary>A command on the writer's connection with the mailbox (<c>$p</c>) and sequence number (<c>$s</c>) parameters, in that order.</summary>
    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add("$p", SqliteType.Text);
        command.Parameters.Add("$s", SqliteType.Integer);
        return command;
    }

    private abstract class Job(IJournalCompletion done)
    {
        public IJournalCompletion Done { get; } = done;

        public abstract int Rows { get; }

        public abstract long Bytes { get; }

        public abstract void Execute(JournalWriter writer);
    }

    private sealed class WriteJob(IReadOnlyList<JournalRow[]> writes, IJournalCompletion done) : Job(done)
    {
        public override int Rows { get; } = writes.Sum(w => w.Length);

        public override long Bytes { get; } = writes.Sum(w => w.Sum(r => (long)r.Message.Length));

        public override void Execute(JournalWriter writer)
        {
            foreach (var write in writes)
            {
                foreach (var row in write)
                {
                    writer.Insert(row);
                }
            }
        }
    }

    private sealed class DeleteJob(string persistenceId, long toSequenceNr, IJournalCompletion done) : Job(done)
    {
        public override int Rows => 1;

        public override long Bytes => 0;

        public override void Execute(JournalWriter writer) => writer.Delete(persistenceId, toSequenceNr);
    }

    /// <summary>A completion that finishes a task; its continuations run on the thread pool, not on the writer.</summary>
    private sealed class TaskCompletion : IJournalCompletion
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => _done.Task;

        public void Committed() => _done.TrySetResult();

        public void Failed(Exception cause) => _done.TrySetException(cause);
    }
}
