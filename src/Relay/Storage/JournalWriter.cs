using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Pvtcoms.Relay.Storage;

/// <summary>
/// The journal's only writer: one thread, one long-lived connection, prepared statements, and group commit.
/// Every write or deletion queued while the previous transaction was committing goes into the next one, so
/// one <c>fsync</c> (<c>synchronous = FULL</c>) makes a whole batch of deposits durable. A caller's task
/// completes only after the transaction holding its rows has committed. A failed batch is retried job by
/// job, so one bad write fails only its own caller (ADR 0055).
/// </summary>
public sealed class JournalWriter : IDisposable
{
    /// <summary>At most this many rows in one transaction.</summary>
    public const int MaxRowsPerCommit = 4096;

    /// <summary>At most about this many payload bytes in one transaction (a single row may exceed it alone).</summary>
    public const long MaxBytesPerCommit = 32L * 1024 * 1024;

    private readonly BlockingCollection<Job> _queue = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _delete;
    private readonly Thread _thread;

    public JournalWriter(RelayDatabase database)
    {
        _connection = database.Open();
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
        _thread = new Thread(Run) { IsBackground = true, Name = "relay-journal-writer" };
        _thread.Start();
    }

    /// <summary>Writes each group of rows atomically; completes once they are committed.</summary>
    public Task WriteAsync(IReadOnlyList<JournalRow[]> atomicWrites) => Enqueue(new WriteJob(atomicWrites));

    /// <summary>Deletes every row of the mailbox up to and including <paramref name="toSequenceNr"/>; completes once committed.</summary>
    public Task DeleteToAsync(string persistenceId, long toSequenceNr) => Enqueue(new DeleteJob(persistenceId, toSequenceNr));

    /// <summary>Finishes the queued work, then closes the connection.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        _insert.Dispose();
        _delete.Dispose();
        _connection.Dispose();
        _queue.Dispose();
    }

    private Task Enqueue(Job job)
    {
        try
        {
            _queue.Add(job);
        }
        catch (InvalidOperationException)
        {
            return Task.FromException(new ObjectDisposedException(nameof(JournalWriter)));
        }

        return job.Done.Task;
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

            if (TryCommit(batch, out _))
            {
                foreach (var job in batch)
                {
                    job.Done.TrySetResult();
                }

                continue;
            }

            // One job's failure must not fail the others: each again in its own transaction.
            foreach (var job in batch)
            {
                if (TryCommit([job], out var failure))
                {
                    job.Done.TrySetResult();
                }
                else
                {
                    job.Done.TrySetException(failure!);
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

    private abstract class Job
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public abstract int Rows { get; }

        public abstract long Bytes { get; }

        public abstract void Execute(JournalWriter writer);
    }

    private sealed class WriteJob(IReadOnlyList<JournalRow[]> writes) : Job
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

    private sealed class DeleteJob(string persistenceId, long toSequenceNr) : Job
    {
        public override int Rows => 1;

        public override long Bytes => 0;

        public override void Execute(JournalWriter writer) => writer.Delete(persistenceId, toSequenceNr);
    }
}
