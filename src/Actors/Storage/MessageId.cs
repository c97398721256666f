namespace Pvtcoms.Actors.Storage;

/// <summary>
/// A message's identity, chosen at random by its sender and carried inside the encrypted payload: the receiver
/// de-duplicates by it, so a message re-sent after a crash is shown once.
/// </summary>
public readonly record struct MessageId(Guid Value)
{
    public static MessageId New() => new(Guid.NewGuid());

    public override string ToString() => Value.ToString("N")[..8];
}
