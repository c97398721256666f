using System.Runtime.Versioning;
using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// Windows DPAPI, CurrentUser scope: the OS binds the key to the user's logon credentials. The optional
/// entropy is <c>"pvtcoms/v1/device-key/dpapi"</c> ‖ keyId, so another program running as the same user that
/// calls <c>CryptUnprotectData</c> on the blob without knowing the file's key id gets nothing.
/// </summary>
[SupportedOSPlatform("windows")]
public sealed class DpapiDeviceKeyBackend : IDeviceKeyBackend
{
    public DeviceKeyBackendKind Kind => DeviceKeyBackendKind.WindowsDpapi;

    public bool NeedsPassphrase => false;

    public ProfileResult<DeviceKeyFile> Protect(DeviceKey key, ReadOnlySpan<byte> keyId, Passphrase? passphrase)
    {
        ArgumentNullException.ThrowIfNull(key);
        var plain = key.Bytes.ToArray();
        try
        {
            var blob = ProtectedData.Protect(plain, Entropy(keyId), DataProtectionScope.CurrentUser);
            return blob.Length is 0 or > DeviceKeyFile.MaxDpapiBlobSize
                ? ProfileError.KeystoreFailed
                : ProfileResult<DeviceKeyFile>.Ok(DeviceKeyFile.ForDpapi(keyId, blob));
        }
        catch (CryptographicException)
        {
            return ProfileError.KeystoreFailed;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    public ProfileResult<DeviceKey> Unprotect(DeviceKeyFile file, Passphrase? passphrase)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Backend != DeviceKeyBackendKind.WindowsDpapi)
        {
            return ProfileError.WrongBackend;
        }

        byte[]? plain = null;
        try
        {
            plain = ProtectedData.Unprotect(file.DpapiBlob.ToArray(), Entropy(file.KeyId), DataProtectionScope.CurrentUser);
            return plain.Length == DeviceKey.Size ? ProfileResult<DeviceKey>.Ok(DeviceKey.FromBytes(plain)) : ProfileError.KeystoreFailed;
        }
        catch (CryptographicException)
        {
            return ProfileError.KeystoreFailed;
        }
        finally
        {
            if (plain is not null)
            {
                CryptographicOperations.ZeroMemory(plain);
            }
        }
    }

    public override string ToString() => "DpapiDeviceKeyBackend";

    private static byte[] Entropy(ReadOnlySpan<byte> keyId) => DpapiEntropy.For(keyId);
}

/// <summary>The DPAPI optional entropy of a device key: <c>"pvtcoms/v1/device-key/dpapi"</c> ‖ keyId (any platform, for tests).</summary>
internal static class DpapiEntropy
{
    public static byte[] For(ReadOnlySpan<byte> keyId) => [.. Labels.DeviceKeyDpapi, .. keyId];
}
