using System.Diagnostics;

namespace Pvtcoms.Relay.Storage;

/// <summary>Aggregate activity counters since start (never per token), served on /health.</summary>
public sealed class RelayCounters
{
    private readonly Stopwatch _uptime = Stopwatch.StartNew();
    private long _deposits;
    private long _fetches;
    private long _confirms;
    private long _refused;

    public long Deposits => Interlocked.Read(ref _deposits);

    public long Fetches => Interlocked.Read(ref _fetches);

    public long Confirms => Interlocked.Read(ref _confirms);

    public long Refused => Interlocked.Read(ref _refused);

    public TimeSpan Uptime => _uptime.Elapsed;

    public void CountDeposit() => Interlocked.Increment(ref _deposits);

    public void CountFetch() => Interlocked.Increment(ref _fetches);

    public void CountConfirm() => Interlocked.Increment(ref _confirms);

    public void CountRefusal() => Interlocked.Increment(ref _refused);
}
