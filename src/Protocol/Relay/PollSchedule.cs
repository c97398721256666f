using System.Buffers.Binary;
using System.Numerics;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Relay;

/// <summary>Jittered delays for polling and cover deposits, from random bytes the caller hands in.</summary>
public static class PollSchedule
{
    /// <summary>
    /// A delay uniform over the whole ticks in [base·(1−j), base·(1+j)], where the jitter span in ticks is
    /// <c>floor(base.Ticks · j)</c>. Drawn by rejection sampling (mask to the next power of two, retry
    /// above the range), so there is no modulo bias.
    /// </summary>
    public static TimeSpan NextDelay(TimeSpan baseInterval, double jitterFraction, IEntropy entropy)
    {
        ArgumentNullException.ThrowIfNull(entropy);
        if (baseInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(baseInterval), "Base interval must be positive.");
        }

        if (!(jitterFraction >= 0.0 && jitterFraction <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(jitterFraction), "Jitter fraction must be in [0, 1].");
        }

        var baseTicks = baseInterval.Ticks;
        if (baseTicks > TimeSpan.MaxValue.Ticks / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(baseInterval), "Base interval too large to jitter.");
        }

        var jitterTicks = (long)Math.Floor(baseTicks * jitterFraction);
        jitterTicks = Math.Clamp(jitterTicks, 0, baseTicks);
        var low = baseTicks - jitterTicks;
        var range = (ulong)(2 * jitterTicks); // number of values is range + 1
        return TimeSpan.FromTicks(low + (long)UniformInclusive(range, entropy));
    }

    /// <summary>Uniform integer in [0, max] by rejection sampling.</summary>
    internal static ulong UniformInclusive(ulong max, IEntropy entropy)
    {
        if (max == 0)
        {
            return 0;
        }

        var mask = ulong.MaxValue >> BitOperations.LeadingZeroCount(max);
        Span<byte> draw = stackalloc byte[8];
        while (true)
        {
            entropy.Fill(draw);
            var candidate = BinaryPrimitives.ReadUInt64BigEndian(draw) & mask;
            if (candidate <= max)
            {
                return candidate;
            }
        }
    }
}
