namespace Pvtcoms.Relay.Storage;

/// <summary>
/// The journal rows written since the last index merge (ADR 0123): for each mailbox, the sequence numbers and row
/// ids of its rows that <c>journal_index</c> does not list yet. Only the journal writer changes it, and only around
/// its <c>COMMIT</c> (<see cref="Publish"/>); a reader takes its SQLite snapshot and its copy of a mailbox's entries
/// under the same lock (<see cref="Capture"/>), so the copy and the snapshot always describe the same set of
/// commits: a row is either in the snapshot's index or in the copy, never in neither. Its size is bounded by the
/// merge threshold (at most that many rows plus one commit), not by what the relay stores.
/// </summary>
public sealed class UnindexedRows : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, List<UnindexedRow>> _byMailbox = new(StringComparer.Ordinal);
    private long _count;

    /// <summary>How many rows are waiting for the index (read without the lock: a hint for the merge trigger).</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>
    /// Runs <paramref name="commit"/> and, only if it returns, makes <paramref name="changes"/> visible, all under the
    /// write lock: no reader can start a snapshot between the two.
    /// </summary>
    public void Publish(Action commit, IReadOnlyList<UnindexedChange> changes)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(changes);
        _lock.EnterWriteLock();
        try
        {
            commit();
            foreach (var change in changes)
            {
                Apply(change);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Runs <paramref name="startSnapshot"/> (which must begin the reader's SQLite read transaction) and copies the
    /// mailbox's entries, in sequence order, under the read lock.
    /// </summary>
    public List<UnindexedRow> Capture(string persistenceId, Action startSnapshot)
    {
        ArgumentNullException.ThrowIfNull(startSnapshot);
        _lock.EnterReadLock();
        try
        {
            startSnapshot();
            return _byMailbox.TryGetValue(persistenceId, out var rows) ? [.. rows] : [];
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Whether the mailbox has an unindexed row with this sequence number.</summary>
    public bool Contains(string persistenceId, long sequenceNr)
    {
        _lock.EnterReadLock();
        try
        {
            return _byMailbox.TryGetValue(persistenceId, out var rows) && rows.Exists(r => r.SequenceNr == sequenceNr);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>The mailboxes with a row whose id is at most <paramref name="rowId"/>, in ordinal order (the index's order).</summary>
    public List<string> MailboxesUpTo(long rowId)
    {
        _lock.EnterReadLock();
        try
        {
            var ids = _byMailbox.Where(pair => pair.Value.Exists(r => r.RowId <= rowId)).Select(pair => pair.Key).ToList();
            ids.Sort(StringComparer.Ordinal);
            return ids;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Dispose() => _lock.Dispose();

    private void Apply(UnindexedChange change)
    {
        switch (change.Kind)
        {
            case UnindexedChangeKind.Added:
                if (!_byMailbox.TryGetValue(change.PersistenceId, out var rows))
                {
                    rows = [];
                    _byMailbox[change.PersistenceId] = rows;
                }

                // A mailbox writes in sequence order; keep the list sorted even if a caller did not.
                var at = rows.Count;
                while (at > 0 && rows[at - 1].SequenceNr > change.SequenceNr)
                {
                    at--;
                }

                rows.Insert(at, new UnindexedRow(change.SequenceNr, change.RowId));
                _count++;
                break;
            case UnindexedChangeKind.DeletedTo:
                Remove(change.PersistenceId, r => r.SequenceNr <= change.SequenceNr);
                break;
            case UnindexedChangeKind.IndexedTo:
                Remove(change.PersistenceId, r => r.RowId <= change.RowId);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(change), "Unknown change.");
        }
    }

    private void Remove(string persistenceId, Predicate<UnindexedRow> match)
    {
        if (_byMailbox.TryGetValue(persistenceId, out var rows))
        {
            _count -= rows.RemoveAll(match);
            if (rows.Count == 0)
            {
                _byMailbox.Remove(persistenceId);
            }
        }
    }
}

/// <summary>One row not yet in <c>journal_index</c>.</summary>
public readonly record struct UnindexedRow(long SequenceNr, long RowId);

public enum UnindexedChangeKind
{
    /// <summary>A row was inserted.</summary>
    Added,

    /// <summary>A mailbox's rows up to a sequence number were deleted.</summary>
    DeletedTo,

    /// <summary>A mailbox's rows up to a row id are now in the index.</summary>
    IndexedTo,
}

/// <summary>What a committed transaction did to the set of unindexed rows.</summary>
public readonly record struct UnindexedChange(UnindexedChangeKind Kind, string PersistenceId, long SequenceNr, long RowId)
{
    public static UnindexedChange Added(string persistenceId, long sequenceNr, long rowId) => new(UnindexedChangeKind.Added, persistenceId, sequenceNr, rowId);

    public static UnindexedChange DeletedTo(string persistenceId, long sequenceNr) => new(UnindexedChangeKind.DeletedTo, persistenceId, sequenceNr, 0);

    public static UnindexedChange IndexedTo(string persistenceId, long rowId) => new(UnindexedChangeKind.IndexedTo, persistenceId, 0, rowId);
}
