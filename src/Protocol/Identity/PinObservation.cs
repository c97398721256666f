namespace Pvtcoms.Protocol.Identity;

/// <summary>
/// The outcome of presenting a key to a <see cref="ContactPin"/>. <see cref="Pin"/> is the state to keep:
/// the new TOFU pin for <see cref="PinObservationKind.FirstSeen"/>, the unchanged pin otherwise — in
/// particular for <see cref="PinObservationKind.KeyChanged"/>, where the pin stays on the old key and the
/// presented key is only held here for the user to look at.
/// </summary>
public sealed class PinObservation
{
    internal PinObservation(PinObservationKind kind, ContactPin pin, IdentityKey presentedKey)
    {
        Kind = kind;
        Pin = pin;
        PresentedKey = presentedKey;
    }

    public PinObservationKind Kind { get; }

    public ContactPin Pin { get; }

    public IdentityKey PresentedKey { get; }

    /// <summary>False for a changed key: the caller must not continue with it.</summary>
    public bool IsAccepted => Kind != PinObservationKind.KeyChanged;

    public override string ToString() => $"PinObservation({Kind}, {PresentedKey.Fingerprint})";
}
