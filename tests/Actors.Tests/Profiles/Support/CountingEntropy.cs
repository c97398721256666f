using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Actors.Tests.Profiles.Support;

/// <summary>Deterministic entropy: a counter-seeded stream, so runs are reproducible and two instances with one seed agree.</summary>
internal sealed class CountingEntropy(byte seed) : IEntropy
{
    private byte _next = seed;

    public void Fill(Span<byte> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = unchecked(_next++);
        }
    }
}
