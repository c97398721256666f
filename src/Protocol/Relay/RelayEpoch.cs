namespace Pvtcoms.Protocol.Relay;

/// <summary>Epoch numbers from a time the caller hands in (Protocol has no clock).</summary>
public static class RelayEpoch
{
    /// <summary>
    /// <c>floor(seconds / epochLengthSeconds)</c>. A time before 1970 or a non-positive epoch length is a
    /// caller bug and throws.
    /// </summary>
    public static ulong FromUnixSeconds(long seconds, long epochLengthSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochLengthSeconds);
        return (ulong)(seconds / epochLengthSeconds);
    }
}
