using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;

namespace Pvtcoms.Relay.Storage;

/// <summary>
/// Makes committed journal transactions durable while the writer goes on with the next one (ADR 0122). The writer's
/// connection commits with <c>synchronous = NORMAL</c>: SQLite appends the transaction's frames to the WAL file and
/// returns without an <c>fsync</c>. The writer then hands the transaction's completions here; this thread takes every
/// transaction handed in so far, calls <c>fsync</c> on the WAL file once (it covers every frame written to the file
/// before the call, whichever descriptor wrote it), and only then reports them committed, in the order they were
/// committed. So an acknowledgement still means "on stable storage" — exactly as with <c>synchronous = FULL</c> —
/// but the <c>fsync</c> of one batch overlaps the inserts and the commit of the next instead of stopping them.
/// SQLite itself still syncs the WAL before every checkpoint and the database file after it (that is what
/// <c>NORMAL</c> keeps in WAL mode), so a checkpoint never moves frames that were not yet durable into the
/// database, and a restarted WAL only ever overwrites frames already checkpointed and synced.
/// </summary>
public sealed class WalSync : IDisposable
{
    private readonly BlockingCollection<Outcome> _committed = new();
    private readonly string _walPath;
    private readonly Thread _thread;
    private SafeFileHandle? _wal;

    /// <param name="walPath">The database's WAL file (<c>relay.db-wal</c>); it exists once the first transaction committed.</param>
    public WalSync(string walPath)
    {
        _walPath = walPath;
        _thread = new Thread(Run) { IsBackground = true, Name = "relay-wal-sync" };
        _thread.Start();
    }

    /// <summary>
    /// Hands in the completions of one committed transaction; they are called on this class's thread once the WAL
    /// has been synced (or with the failure if the sync failed). Must be called in commit order.
    /// </summary>
    public void Committed(IReadOnlyList<IJournalCompletion> completions) => Add(new Outcome(completions, null));

    /// <summary>
    /// Hands in the completions of a transaction that failed: they are told so in their turn, after the completions
    /// of the transactions committed before it, so that every caller hears in commit order.
    /// </summary>
    public void Failed(IReadOnlyList<IJournalCompletion> completions, Exception cause) => Add(new Outcome(completions, cause));

    /// <summary>Syncs and reports everything handed in so far, then stops the thread and closes the file.</summary>
    public void Dispose()
    {
        _committed.CompleteAdding();
        _thread.Join();
        _wal?.Dispose();
        _committed.Dispose();
    }

    private void Add(Outcome outcome)
    {
        try
        {
            _committed.Add(outcome);
        }
        catch (InvalidOperationException)
        {
            Fail(outcome.Completions, outcome.Failure ?? new ObjectDisposedException(nameof(WalSync)));
        }
    }

    private void Run()
    {
        var pending = new List<Outcome>();
        foreach (var first in _committed.GetConsumingEnumerable())
        {
            pending.Clear();
            pending.Add(first);
            while (_committed.TryTake(out var next))
            {
                pending.Add(next);
            }

            // Every transaction in `pending` returned from COMMIT before it was queued, so its frames were written
            // to the file before this fsync starts.
            var syncFailure = pending.Exists(p => p.Failure is null) ? TrySync() : null;
            foreach (var (completions, failure) in pending)
            {
                if (failure is null && syncFailure is null)
                {
                    foreach (var completion in completions)
                    {
                        completion.Committed();
                    }
                }
                else
                {
                    Fail(completions, failure ?? syncFailure!);
                }
            }
        }
    }

    private Exception? TrySync()
    {
        try
        {
            // The writer's connection stays open for the journal's whole life, so SQLite never deletes the WAL file
            // (it only truncates it in place): one handle, opened once, names the same file throughout.
            _wal ??= File.OpenHandle(_walPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            RandomAccess.FlushToDisk(_wal);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // After a failed fsync the kernel may have dropped the dirty pages: nothing handed in may be reported
            // durable. The callers are told it failed; the deposits' clients retry.
            return e;
        }
    }

    private readonly record struct Outcome(IReadOnlyList<IJournalCompletion> Completions, Exception? Failure);

    private static void Fail(IReadOnlyList<IJournalCompletion> completions, Exception cause)
    {
        foreach (var completion in completions)
        {
            completion.Failed(cause);
        }
    }
}
