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
    /// The writer's own settings: a 32 MiB page cache keeps the primary-key index, which every deposit touches at a
    /// random place, in memory instead of re-reading it (ADR 0118); no automatic checkpoint on this connection: the
    /// <see cref="WalCheckpointer"/> copies the WAL beside it (ADR 0122); <c>synchronous = NORMAL</c> on this connection
    /// only: its commits are made durable by <see cref="WalSync"/>, which syncs the WAL before any caller hears
    /// "committed" (ADR 0122); every other connection keeps <c>FULL</c>. The periodic <c>TRUNCATE</c> checkpoint
    /// (every 30 s) still empties the WAL, so deleted bytes leave it as before.
    /// </summary>
    public const string WriterPragmas = "PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 0; PRAGMA synchronous = NORMAL;";

    private readonly BlockingCollection<Job> _queue = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _delete;
    private readonly Thread _thread;
    private readonly WalSync _sync;
    private readonly WalCheckpointer _checkpointer;

    public JournalWriter(RelayDatabase database)
        : this(database, static db => new WalCheckpointer(db))
    {
    }

    /// <param name="checkpointer">Makes the background checkpointer (tests give it a short interval and a small WAL).</param>
    public JournalWriter(RelayDatabase database, Func<RelayDatabase, WalCheckpointer> checkpointer)
    {
        ArgumentNullException.ThrowIfNull(checkpointer);
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
        _delete = _connection.CreateCommand();
        _delete.CommandText = $"DELETE FROM {RelayDatabase.JournalTable} WHERE persistence_id = $p AND sequence_number <= $s;";
        _delete.Parameters.Add("$p", SqliteType.Text);
        _delete.Parameters.Add("$s", SqliteType.Integer);
        _checkpointer = checkpointer(database);
        _thread = new Thread(Run) { IsBackground = true, Name = "relay-journal-writer" };
        _thread.Start();
    }

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
        _delete.Dispose();
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
        try
        {
            transaction = _connection.BeginTransaction();
            _insert.Transaction = transaction;
            _delete.Transaction = transaction;
            foreach (var job in jobs)
            {
                job.Execute(this);
            }

            transaction.Commit();
            return true;
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException)
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
        _insert.Parameters[0].Value = row.PersistenceId;
        _insert.Parameters[1].Value = row.SequenceNr;
        _insert.Parameters[2].Value = row.SweepDay;
        _insert.Parameters[3].Value = row.Manifest;
        _insert.Parameters[4].Value = row.Message;
        _insert.ExecuteNonQuery();
    }

    private void Delete(string persistenceId, long toSequenceNr)
    {
        _delete.Parameters[0].Value = persistenceId;
        _delete.Parameters[1].Value = toSequenceNr;
        _delete.ExecuteNonQuery();
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
