using System.Security.Cryptography;

namespace Pvtcoms.Protocol.Ratchet;

/// <summary>A receiving header key of an earlier chain, and the receive step at which that chain became current.</summary>
internal sealed class RetiredHeaderKey(byte[] key, uint step)
{
    public byte[] Key { get; } = key;

    public uint Step { get; } = step;

    public override string ToString() => nameof(RetiredHeaderKey);
}

/// <summary>
/// The HKr of the last <see cref="RatchetLimits.MaxSkippedKeyAgeSteps"/> receiving chains, newest last
/// (ADR 0012). They open headers of late messages of those chains: to find the chain's skipped key, or
/// to recognise a message whose key is gone as a duplicate. They expire with that chain's skipped keys.
/// </summary>
internal sealed class RetiredHeaderKeys
{
    public const int MaxCount = RatchetLimits.MaxSkippedKeyAgeSteps;

    private readonly List<RetiredHeaderKey> _keys = [];

    public int Count => _keys.Count;

    public RetiredHeaderKey this[int index] => _keys[index];

    public void Add(RetiredHeaderKey key) => _keys.Add(key);

    public bool Contains(ReadOnlySpan<byte> key)
    {
        foreach (var retired in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(retired.Key, key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Deletes keys of chains that became current more than the age bound ago, then the oldest beyond the count bound.</summary>
    public void Expire(uint receiveSteps)
    {
        for (var i = _keys.Count - 1; i >= 0; i--)
        {
            if (receiveSteps - _keys[i].Step > RatchetLimits.MaxSkippedKeyAgeSteps)
            {
                CryptographicOperations.ZeroMemory(_keys[i].Key);
                _keys.RemoveAt(i);
            }
        }

        while (_keys.Count > MaxCount)
        {
            CryptographicOperations.ZeroMemory(_keys[0].Key);
            _keys.RemoveAt(0);
        }
    }

    public void Clear()
    {
        foreach (var retired in _keys)
        {
            CryptographicOperations.ZeroMemory(retired.Key);
        }

        _keys.Clear();
    }

    internal void CollectBuffersForTest(List<byte[]> buffers)
    {
        foreach (var retired in _keys)
        {
            buffers.Add(retired.Key);
        }
    }

    public override string ToString() => $"{nameof(RetiredHeaderKeys)}({Count})";
}
