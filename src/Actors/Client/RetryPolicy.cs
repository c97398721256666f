using System.Buffers.Binary;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Actors.Client;

/// <summary>
/// Outbox backoff (ADR 0082): after attempt n the next try is after <c>min(max, base · 2^(n−1))</c> scaled by a
/// uniform factor in [0.5, 1.5) — exponential with jitter so clients that went offline together do not retry
/// in lockstep. Pure: randomness comes from the caller.
/// </summary>
public sealed record RetryPolicy(TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static RetryPolicy Default { get; } = new(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(15));

    public TimeSpan DelayAfter(int attempts, IEntropy entropy)
    {
        ArgumentNullException.ThrowIfNull(entropy);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        var exponent = Math.Min(attempts - 1, 30);
        var ticks = Math.Min(MaxDelay.Ticks, BaseDelay.Ticks * (1L << Math.Min(exponent, 20)));
        Span<byte> draw = stackalloc byte[4];
        entropy.Fill(draw);
        var unit = BinaryPrimitives.ReadUInt32BigEndian(draw) / (double)uint.MaxValue;
        return TimeSpan.FromTicks((long)(ticks * (0.5 + unit)));
    }
}
