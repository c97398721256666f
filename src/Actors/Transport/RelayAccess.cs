namespace Pvtcoms.Actors.Transport;

/// <summary>
/// What the client needs to talk to one relay: the proof-of-work difficulty it asks for and its optional
/// access bearer secret. <see cref="ToString"/> never shows the key.
/// </summary>
public sealed record RelayAccess(int PowDifficulty, string? AccessKey = null)
{
    /// <summary>The relay service's default difficulty (docs/RELAY.md), used for relays the profile has no setting for.</summary>
    public const int DefaultPowDifficulty = 18;

    public static RelayAccess Default { get; } = new(DefaultPowDifficulty);

    public override string ToString() => $"RelayAccess(pow {PowDifficulty}, {(AccessKey is null ? "open" : "keyed")})";
}
