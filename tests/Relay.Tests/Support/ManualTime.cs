namespace Pvtcoms.Relay.Tests.Support;

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    public ulong PowEpoch => (ulong)(_now.ToUnixTimeSeconds() / Protocol.Relay.RelayLimits.DefaultPowEpochSeconds);
}
