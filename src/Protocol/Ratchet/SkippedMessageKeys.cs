using System.Security.Cryptography;

namespace Pvtcoms.Protocol.Ratchet;

/// <summary>
/// One stored skipped message key: MKSKIPPED[(HK, N)] = MK, plus the receive-step count at which it was
/// stored (for expiry). Entries of one chain share one <see cref="HeaderKey"/> array.
/// </summary>
internal sealed class SkippedKey(byte[] headerKey, uint number, uint step, byte[] messageKey)
{
    public byte[] HeaderKey { get; set; } = headerKey;

    /// <summary>The array this entry was created with (before <see cref="SkippedMessageKeys.Append"/> shared another).</summary>
    public byte[] OriginalHeaderKey { get; } = headerKey;

    public uint Number { get; } = number;

    public uint Step { get; } = step;

    public byte[] MessageKey { get; } = messageKey;

    public override string ToString() => nameof(SkippedKey);
}

/// <summary>
/// The bounded store of skipped message keys, oldest first. Removal zeroes the message key, and a
/// header key once no entry refers to it any more.
/// </summary>
internal sealed class SkippedMessageKeys
{
    private readonly List<SkippedKey> _entries = [];
    private readonly List<SkippedKey> _removed = [];

    public int Count => _entries.Count;

    public SkippedKey this[int index] => _entries[index];

    /// <summary>Index of the entry for (header key, N), or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> headerKey, uint number)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            var entry = _entries[i];
            if (entry.Number == number && CryptographicOperations.FixedTimeEquals(entry.HeaderKey, headerKey))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Appends, re-pointing the entry at the previous entry's header-key array when the key is the same, so
    /// that a chain's entries share one array. The caller releases its own copy with
    /// <see cref="ZeroIfUnreferenced"/> once it has appended everything.
    /// </summary>
    public void Append(SkippedKey entry)
    {
        if (_entries.Count > 0)
        {
            var last = _entries[^1].HeaderKey;
            if (!ReferenceEquals(last, entry.HeaderKey) && CryptographicOperations.FixedTimeEquals(last, entry.HeaderKey))
            {
                entry.HeaderKey = last;
            }
        }

        _entries.Add(entry);
    }

    /// <summary>Zeroes a header-key array no stored entry refers to.</summary>
    public void ZeroIfUnreferenced(byte[] headerKey)
    {
        if (!IsReferenced(headerKey))
        {
            CryptographicOperations.ZeroMemory(headerKey);
        }
    }

    public void RemoveAt(int index)
    {
        var entry = _entries[index];
        _entries.RemoveAt(index);
        Destroy(entry);
    }

    /// <summary>Deletes every entry stored more than <see cref="RatchetLimits.MaxSkippedKeyAgeSteps"/> receive steps ago.</summary>
    public void Expire(uint receiveSteps)
    {
        var kept = 0;
        for (var i = 0; i < _entries.Count; i++)
        {
            var entry = _entries[i];
            if (receiveSteps - entry.Step > RatchetLimits.MaxSkippedKeyAgeSteps)
            {
                _removed.Add(entry);
            }
            else
            {
                _entries[kept++] = entry;
            }
        }

        if (_removed.Count > 0)
        {
            _entries.RemoveRange(kept, _entries.Count - kept);
            DestroyRemoved();
        }
    }

    /// <summary>Evicts the oldest entries until at most <paramref name="maxCount"/> remain.</summary>
    public void EvictOldest(int maxCount)
    {
        var excess = _entries.Count - maxCount;
        if (excess <= 0)
        {
            return;
        }

        for (var i = 0; i < excess; i++)
        {
            _removed.Add(_entries[i]);
        }

        _entries.RemoveRange(0, excess);
        DestroyRemoved();
    }

    public void Clear()
    {
        foreach (var entry in _entries)
        {
            CryptographicOperations.ZeroMemory(entry.MessageKey);
            CryptographicOperations.ZeroMemory(entry.HeaderKey);
        }

        _entries.Clear();
    }

    internal void CollectBuffersForTest(List<byte[]> buffers)
    {
        foreach (var entry in _entries)
        {
            buffers.Add(entry.MessageKey);
            buffers.Add(entry.HeaderKey);
        }
    }

    public override string ToString() => $"{nameof(SkippedMessageKeys)}({Count})";

    /// <summary>Zeroes the entries just taken out; a header key only once no remaining entry shares it.</summary>
    private void DestroyRemoved()
    {
        byte[]? lastHeaderKey = null;
        foreach (var entry in _removed)
        {
            CryptographicOperations.ZeroMemory(entry.MessageKey);
            if (!ReferenceEquals(entry.HeaderKey, lastHeaderKey))
            {
                lastHeaderKey = entry.HeaderKey;
                if (!IsReferenced(lastHeaderKey))
                {
                    CryptographicOperations.ZeroMemory(lastHeaderKey);
                }
            }
        }

        _removed.Clear();
    }

    private void Destroy(SkippedKey entry)
    {
        CryptographicOperations.ZeroMemory(entry.MessageKey);
        if (!IsReferenced(entry.HeaderKey))
        {
            CryptographicOperations.ZeroMemory(entry.HeaderKey);
        }
    }

    private bool IsReferenced(byte[] headerKey)
    {
        foreach (var entry in _entries)
        {
            if (ReferenceEquals(entry.HeaderKey, headerKey))
            {
                return true;
            }
        }

        return false;
    }
}
