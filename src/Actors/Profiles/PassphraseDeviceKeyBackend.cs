using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// The fallback backend: KEK = Argon2id(passphrase, salt, costs from the file), the device key sealed with
/// XChaCha20-Poly1305 under the KEK, the file header as associated data (docs/spec/device-key.md). A tag
/// that does not verify is <see cref="ProfileError.WrongPassphrase"/>.
/// </summary>
public sealed class PassphraseDeviceKeyBackend : IDeviceKeyBackend
{
    private readonly Argon2Cost _cost;
    private readonly IEntropy _entropy;

    /// <param name="cost">The cost for keys wrapped from now on; reading uses the cost in the file.</param>
    public PassphraseDeviceKeyBackend(Argon2Cost cost, IEntropy entropy)
    {
        if (!cost.IsWithinBounds)
        {
            throw new ArgumentOutOfRangeException(nameof(cost));
        }

        _cost = cost;
        _entropy = entropy ?? throw new ArgumentNullException(nameof(entropy));
    }

    public DeviceKeyBackendKind Kind => DeviceKeyBackendKind.Passphrase;

    public bool NeedsPassphrase => true;

    public ProfileResult<DeviceKeyFile> Protect(DeviceKey key, ReadOnlySpan<byte> keyId, Passphrase? passphrase)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (passphrase is null || passphrase.IsEmpty)
        {
            return ProfileError.PassphraseRequired;
        }

        Span<byte> salt = stackalloc byte[Argon2id.SaltSize];
        Span<byte> nonce = stackalloc byte[ChaCha20Poly1305Aead.XNonceSize];
        _entropy.Fill(salt);
        _entropy.Fill(nonce);
        Span<byte> kek = stackalloc byte[ChaCha20Poly1305Aead.KeySize];
        try
        {
            if (!Argon2id.TryDeriveKey(passphrase.Utf8, salt, _cost.OpsLimit, _cost.MemLimitBytes, kek))
            {
                return ProfileError.KeystoreFailed;
            }

            var sealedKey = new byte[DeviceKeyFile.SealedKeySize];
            var aad = DeviceKeyFile.PassphraseAssociatedData(keyId, _cost, salt, nonce);
            ChaCha20Poly1305Aead.EncryptExtended(kek, nonce, key.Bytes, aad, sealedKey);
            return ProfileResult<DeviceKeyFile>.Ok(DeviceKeyFile.ForPassphrase(keyId, _cost, salt, nonce, sealedKey));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    public ProfileResult<DeviceKey> Unprotect(DeviceKeyFile file, Passphrase? passphrase)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Backend != DeviceKeyBackendKind.Passphrase)
        {
            return ProfileError.WrongBackend;
        }

        if (passphrase is null || passphrase.IsEmpty)
        {
            return ProfileError.PassphraseRequired;
        }

        Span<byte> kek = stackalloc byte[ChaCha20Poly1305Aead.KeySize];
        Span<byte> plain = stackalloc byte[DeviceKey.Size];
        try
        {
            if (!Argon2id.TryDeriveKey(passphrase.Utf8, file.Salt, file.Cost.OpsLimit, file.Cost.MemLimitBytes, kek))
            {
                return ProfileError.KeystoreFailed;
            }

            var aad = DeviceKeyFile.PassphraseAssociatedData(file.KeyId, file.Cost, file.Salt, file.Nonce);
            return ChaCha20Poly1305Aead.TryDecryptExtended(kek, file.Nonce, file.SealedKey, aad, plain)
                ? ProfileResult<DeviceKey>.Ok(DeviceKey.FromBytes(plain))
                : ProfileError.WrongPassphrase;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    public override string ToString() => "PassphraseDeviceKeyBackend";
}
