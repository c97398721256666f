namespace Pvtcoms.Relay.Storage;

/// <summary>
/// The relay-wide storage caps: how many blobs and bytes all mailboxes on this node hold together.
/// Mailboxes reserve before they persist a deposit and release when a blob is burned or expires.
/// Thread-safe; the figures are aggregates only (no per-token number exists here).
/// </summary>
public sealed class StorageLedger
{
    private readonly long _maxBlobs;
    private readonly long _maxBytes;
    private long _blobs;
    private long _bytes;

    public StorageLedger(long maxBlobs, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBlobs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        _maxBlobs = maxBlobs;
        _maxBytes = maxBytes;
    }

    public long MaxBlobs => _maxBlobs;

    public long MaxBytes => _maxBytes;

    public long Blobs => Interlocked.Read(ref _blobs);

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Sets the totals found in the database at start-up.</summary>
    public void Initialise(long blobs, long bytes)
    {
        Interlocked.Exchange(ref _blobs, Math.Max(0, blobs));
        Interlocked.Exchange(ref _bytes, Math.Max(0, bytes));
    }

    /// <summary>Reserves room for one blob of <paramref name="bytes"/>; false when either cap would be exceeded.</summary>
    public bool TryReserve(long bytes)
    {
        if (Interlocked.Increment(ref _blobs) > _maxBlobs)
        {
            Interlocked.Decrement(ref _blobs);
            return false;
        }

        if (Interlocked.Add(ref _bytes, bytes) > _maxBytes)
        {
            Interlocked.Add(ref _bytes, -bytes);
            Interlocked.Decrement(ref _blobs);
            return false;
        }

        return true;
    }

    public void Release(long blobs, long bytes)
    {
        Interlocked.Add(ref _blobs, -blobs);
        Interlocked.Add(ref _bytes, -bytes);
    }
}
