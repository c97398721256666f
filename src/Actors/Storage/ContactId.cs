namespace Pvtcoms.Actors.Storage;

/// <summary>A profile-local, random identifier of one contact (never sent to anyone, never derived from keys).</summary>
public readonly record struct ContactId(Guid Value)
{
    public static ContactId New() => new(Guid.NewGuid());

    public override string ToString() => Value.ToString("N")[..8];
}
