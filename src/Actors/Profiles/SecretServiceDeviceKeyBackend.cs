using System.Buffers.Text;
using System.Security.Cryptography;

namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// The freedesktop Secret Service (ADR 0075): the key, base64-encoded, is an item of the default collection
/// with attributes <c>application=pvtcoms</c>, <c>pvtcoms-key-id=&lt;hex key id&gt;</c>; the device key file only
/// names it. A file that names a key the service no longer has is <see cref="ProfileError.DeviceKeyMissing"/>.
/// </summary>
public sealed class SecretServiceDeviceKeyBackend : IDeviceKeyBackend
{
    public const string ApplicationAttribute = "application";
    public const string ApplicationValue = "pvtcoms";
    public const string KeyIdAttribute = "pvtcoms-key-id";
    public const string ItemLabel = "pvtcoms device key";

    private readonly ISecretServiceClient _client;

    public SecretServiceDeviceKeyBackend(ISecretServiceClient client) =>
        _client = client ?? throw new ArgumentNullException(nameof(client));

    public DeviceKeyBackendKind Kind => DeviceKeyBackendKind.SecretService;

    public bool NeedsPassphrase => false;

    public static IReadOnlyList<KeyValuePair<string, string>> Attributes(string keyIdHex) =>
    [
        new(ApplicationAttribute, ApplicationValue),
        new(KeyIdAttribute, keyIdHex),
    ];

    public ProfileResult<DeviceKeyFile> Protect(DeviceKey key, ReadOnlySpan<byte> keyId, Passphrase? passphrase)
    {
        ArgumentNullException.ThrowIfNull(key);
        var file = DeviceKeyFile.ForSecretService(keyId);
        Span<byte> encoded = stackalloc byte[Base64.GetMaxEncodedToUtf8Length(DeviceKey.Size)];
        try
        {
            _ = Base64.EncodeToUtf8(key.Bytes, encoded, out _, out var written);
            var stored = _client.Store(ItemLabel, Attributes(file.KeyIdHex), encoded[..written]);
            if (stored != ProfileError.None)
            {
                return stored;
            }

            // Read it back: a service that accepted the item but cannot return it must not hold our only copy.
            var check = Unprotect(file, passphrase);
            if (!check.TryGetValue(out var returned))
            {
                return ProfileError.KeystoreFailed;
            }

            using (returned)
            {
                return returned.KeyEquals(key) ? ProfileResult<DeviceKeyFile>.Ok(file) : ProfileError.KeystoreFailed;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encoded);
        }
    }

    public ProfileResult<DeviceKey> Unprotect(DeviceKeyFile file, Passphrase? passphrase)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Backend != DeviceKeyBackendKind.SecretService)
        {
            return ProfileError.WrongBackend;
        }

        var lookup = _client.Lookup(Attributes(file.KeyIdHex));
        if (!lookup.TryGetValue(out var secret))
        {
            return lookup.Error;
        }

        Span<byte> key = stackalloc byte[DeviceKey.Size + 3];
        try
        {
            var text = secret.AsSpan().Trim("\r\n \t"u8);
            return Base64.DecodeFromUtf8(text, key, out var consumed, out var written) == System.Buffers.OperationStatus.Done
                && consumed == text.Length && written == DeviceKey.Size
                ? ProfileResult<DeviceKey>.Ok(DeviceKey.FromBytes(key[..DeviceKey.Size]))
                : ProfileError.KeystoreFailed;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    public override string ToString() => "SecretServiceDeviceKeyBackend";
}
