namespace Pvtcoms.Actors.Profiles;

/// <summary>Where a profile's device key is held; the byte is the backend field of the device key file.</summary>
public enum DeviceKeyBackendKind : byte
{
    /// <summary>Wrapped under a passphrase with Argon2id + XChaCha20-Poly1305, in the file itself.</summary>
    Passphrase = 0x01,

    /// <summary>Windows DPAPI (CurrentUser), the protected blob in the file.</summary>
    WindowsDpapi = 0x02,

    /// <summary>The freedesktop Secret Service (GNOME Keyring, KeePassXC, KWallet); the file only names the key.</summary>
    SecretService = 0x03,
}
