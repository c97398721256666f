namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// A value or a <see cref="ProfileError"/> (with, for <see cref="ProfileError.InvalidSetting"/>, the name of
/// the setting). What every profile entry point returns for conditions a user can cause.
/// </summary>
public readonly struct ProfileResult<T>
{
    private readonly T? _value;

    private ProfileResult(T? value, ProfileError error, string? setting)
    {
        _value = value;
        Error = error;
        Setting = setting;
    }

    public ProfileError Error { get; }

    /// <summary>The name of the offending setting (e.g. <c>PVTCOMS_RELAY</c>, <c>pvtcoms.conf: relay2</c>); never its value.</summary>
    public string? Setting { get; }

    public bool IsOk => Error == ProfileError.None;

    /// <summary>The value; reading it from a failed result is a caller bug and throws.</summary>
    public T Value => IsOk ? _value! : throw new InvalidOperationException($"No value: {Error}.");

    public static ProfileResult<T> Ok(T value) => new(value, ProfileError.None, null);

    public static ProfileResult<T> Fail(ProfileError error, string? setting = null) =>
        error == ProfileError.None ? throw new ArgumentException("A failure needs an error.", nameof(error)) : new(default, error, setting);

    public static implicit operator ProfileResult<T>(ProfileError error) => Fail(error);

    public bool TryGetValue(out T value)
    {
        value = _value!;
        return IsOk;
    }

    /// <summary>A user-facing sentence: the error's name, and the setting's name if any.</summary>
    public string Describe() => Error switch
    {
        ProfileError.None => "ok",
        ProfileError.InvalidSetting => $"invalid setting {Setting}",
        ProfileError.ProfileInUse => "profile in use by another pvtcoms process",
        ProfileError.DeviceKeyMissing => "device key missing: the profile has a database but no device key",
        ProfileError.WrongPassphrase => "wrong passphrase",
        ProfileError.LegacyProfileStranded => "a legacy profile exists and could not be migrated; refusing to start a new identity beside it",
        _ => Error.ToString(),
    };

    public override string ToString() => IsOk ? "Ok" : $"Error({Error})";
}
