namespace Pvtcoms.Protocol.Crypto;

/// <summary>Caller-bug checks for buffers the caller sized: a wrong size throws (attacker bytes never reach these).</summary>
internal static class BufferGuard
{
    public static void RequireLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"Expected {expected} bytes.", name);
        }
    }
}
