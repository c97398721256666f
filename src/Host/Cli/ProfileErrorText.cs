using Pvtcoms.Actors.Profiles;

namespace Pvtcoms.Host.Cli;

/// <summary>What each profile error means to the user, and what to do.</summary>
public static class ProfileErrorText
{
    public static string Describe(ProfileError error, string? setting = null) => error switch
    {
        ProfileError.InvalidProfileName => "invalid profile name: use 1-32 characters a-z, 0-9, '_' or '-', starting with a letter or digit",
        ProfileError.NoDataDirectory => "no per-user data directory (set PVTCOMS_DATA_DIR)",
        ProfileError.ProfileInUse => "the profile is in use by another pvtcoms process",
        ProfileError.WrongPassphrase => "wrong passphrase",
        ProfileError.PassphraseRequired => "a passphrase is needed: set PVTCOMS_PASSPHRASE or run in a terminal to be asked",
        ProfileError.DeviceKeyMissing => "the profile's device key is missing; restore it from your backup (a new key would not open the profile)",
        ProfileError.DeviceKeyExists => "the profile is already initialised",
        ProfileError.DeviceKeyFileCorrupt => "the profile's device key file is damaged; restore it from your backup",
        ProfileError.DeviceKeyFileUnsupportedVersion => "the profile's device key file is from a newer pvtcoms",
        ProfileError.DeviceKeyCostOutOfRange => "the profile's device key file asks for out-of-range Argon2id costs (refused)",
        ProfileError.KeystoreUnavailable => "the profile's key is held by an OS keystore this machine does not offer",
        ProfileError.KeystoreFailed => "the OS keystore refused to hand out the profile's key (locked?)",
        ProfileError.WrongBackend => "this operation does not apply to the keystore holding the key",
        ProfileError.MigrationDestinationConflict => "a legacy profile (~/.pvtcoms) and a different current profile both exist; nothing was overwritten",
        ProfileError.MigrationVerificationFailed => "moving the legacy profile failed verification; nothing was deleted",
        ProfileError.LegacyProfileStranded => "a legacy profile (~/.pvtcoms) exists and could not be moved; refusing to start a new identity beside it",
        ProfileError.InvalidSetting => $"invalid setting {setting ?? "(unknown)"}",
        _ => $"profile error {error}",
    };
}
