namespace Pvtcoms.Relay;

/// <summary>
/// The relay's only clock readings: the coarse day (days since 1970-01-01 UTC) used for expiry, and the
/// proof-of-work epoch. Nothing finer is kept anywhere.
/// </summary>
public sealed class RelayClock
{
    private readonly TimeProvider _time;
    private readonly long _powEpochSeconds;

    public RelayClock(TimeProvider time, long powEpochSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(powEpochSeconds);
        _time = time;
        _powEpochSeconds = powEpochSeconds;
    }

    public long PowEpochSeconds => _powEpochSeconds;

    public int Today => (int)(UnixSeconds / 86_400);

    public ulong PowEpoch => (ulong)(UnixSeconds / _powEpochSeconds);

    /// <summary>
    /// The first day on which a stamp of <paramref name="stampEpoch"/> can no longer be accepted (it is
    /// accepted in its own epoch and the next), plus one day of margin.
    /// </summary>
    public int ForgetDayFor(ulong stampEpoch)
    {
        var endSeconds = ((long)stampEpoch + 2) * _powEpochSeconds;
        return (int)(endSeconds / 86_400) + 1;
    }

    private long UnixSeconds => Math.Max(0, _time.GetUtcNow().ToUnixTimeSeconds());
}
