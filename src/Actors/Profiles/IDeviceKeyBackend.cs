namespace Pvtcoms.Actors.Profiles;

/// <summary>One way of holding the device key (ADR 0075). Backends never write the device key file; the vault does.</summary>
public interface IDeviceKeyBackend
{
    DeviceKeyBackendKind Kind { get; }

    /// <summary>Whether <see cref="Protect"/> and <see cref="Unprotect"/> need a passphrase.</summary>
    bool NeedsPassphrase { get; }

    /// <summary>Puts <paramref name="key"/> under this backend's protection and returns the file that names it.</summary>
    ProfileResult<DeviceKeyFile> Protect(DeviceKey key, ReadOnlySpan<byte> keyId, Passphrase? passphrase);

    /// <summary>Recovers the key a file of this backend names.</summary>
    ProfileResult<DeviceKey> Unprotect(DeviceKeyFile file, Passphrase? passphrase);
}
