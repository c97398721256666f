namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// Everything that can go wrong opening a profile, its device key, a migration or the relay settings,
/// named exactly. Returned as a value; its name (plus, for settings, the setting's name) is all an error
/// says: never a passphrase, a key, a secret value or file contents.
/// </summary>
public enum ProfileError
{
    None = 0,

    // --- Location and lock ---
    /// <summary>A profile name outside <c>[a-z0-9][a-z0-9_-]{0,31}</c>.</summary>
    InvalidProfileName,
    /// <summary>No per-user data directory can be determined (no home, no %APPDATA%).</summary>
    NoDataDirectory,
    /// <summary>Another process holds the profile's lock file.</summary>
    ProfileInUse,

    // --- Device key ---
    /// <summary>The passphrase does not open the device key file.</summary>
    WrongPassphrase,
    /// <summary>The backend needs a passphrase and none was given.</summary>
    PassphraseRequired,
    /// <summary>A client database exists but its device key does not: never replaced by a fresh key.</summary>
    DeviceKeyMissing,
    /// <summary>A device key already exists; creating another would orphan it.</summary>
    DeviceKeyExists,
    /// <summary>The device key file is malformed (magic, length, fields).</summary>
    DeviceKeyFileCorrupt,
    /// <summary>The device key file has a format version this build does not read.</summary>
    DeviceKeyFileUnsupportedVersion,
    /// <summary>The device key file asks for Argon2id costs outside the accepted bounds.</summary>
    DeviceKeyCostOutOfRange,
    /// <summary>The key is held by a backend this machine does not offer (DPAPI off Windows, no Secret Service).</summary>
    KeystoreUnavailable,
    /// <summary>The OS keystore refused or failed (DPAPI error, Secret Service locked or gone).</summary>
    KeystoreFailed,
    /// <summary>The operation needs another backend (e.g. changing the passphrase of a DPAPI-held key).</summary>
    WrongBackend,

    // --- Data-dir migration ---
    /// <summary>The destination profile exists and differs from the legacy profile: nothing is overwritten.</summary>
    MigrationDestinationConflict,
    /// <summary>A copied file does not match its source (size or SHA-256).</summary>
    MigrationVerificationFailed,
    /// <summary>A legacy profile exists and could not be migrated: starting would strand it.</summary>
    LegacyProfileStranded,

    // --- Client relay settings ---
    /// <summary>A relay setting does not parse; <c>Setting</c> names it (never the value).</summary>
    InvalidSetting,
}
