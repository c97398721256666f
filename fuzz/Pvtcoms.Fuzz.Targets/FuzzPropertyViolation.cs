namespace Pvtcoms.Fuzz.Targets;

/// <summary>
/// Thrown by a target when a parser returned instead of throwing but broke a property the target checks (for
/// example: what it accepted does not serialize back to the same bytes). AFL reports it like any other crash.
/// The message names the property only; it never contains input bytes.
/// </summary>
public sealed class FuzzPropertyViolation : Exception
{
    public FuzzPropertyViolation()
    {
    }

    public FuzzPropertyViolation(string message)
        : base(message)
    {
    }

    public FuzzPropertyViolation(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Throws when <paramref name="reserialized"/> differs from the accepted <paramref name="input"/>.</summary>
    public static void ThrowUnlessRoundTrips(string parser, ReadOnlySpan<byte> input, ReadOnlySpan<byte> reserialized)
    {
        if (!input.SequenceEqual(reserialized))
        {
            throw new FuzzPropertyViolation($"{parser} accepted bytes that do not serialize back to themselves.");
        }
    }
}
