namespace Pvtcoms.Protocol.Crypto;

/// <summary>X25519 (RFC 7748) on raw 32-byte keys, straight through libsodium: no key objects on hot paths.</summary>
public static class X25519
{
    public const int PrivateKeySize = 32;
    public const int PublicKeySize = 32;
    public const int SharedSecretSize = 32;

    /// <summary>Fills <paramref name="privateKey"/> from the handed-in entropy (clamping happens inside every use).</summary>
    public static void GeneratePrivateKey(IEntropy entropy, Span<byte> privateKey)
    {
        ArgumentNullException.ThrowIfNull(entropy);
        BufferGuard.RequireLength(privateKey.Length, PrivateKeySize, nameof(privateKey));
        entropy.Fill(privateKey);
    }

    public static void DerivePublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey)
    {
        BufferGuard.RequireLength(privateKey.Length, PrivateKeySize, nameof(privateKey));
        BufferGuard.RequireLength(publicKey.Length, PublicKeySize, nameof(publicKey));
        Sodium.EnsureInitialized();
        if (Sodium.crypto_scalarmult_curve25519_base(publicKey, privateKey) != 0)
        {
            throw new InvalidOperationException("X25519 base-point multiplication failed.");
        }
    }

    /// <summary>
    /// Computes the shared secret. Returns false (and zeroes the output) when the peer's public key is of
    /// low order, i.e. the result would be all zeroes — an attacker's key, never an exception.
    /// </summary>
    public static bool TryAgree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublicKey, Span<byte> sharedSecret)
    {
        BufferGuard.RequireLength(privateKey.Length, PrivateKeySize, nameof(privateKey));
        BufferGuard.RequireLength(sharedSecret.Length, SharedSecretSize, nameof(sharedSecret));
        if (peerPublicKey.Length != PublicKeySize)
        {
            sharedSecret.Clear();
            return false;
        }

        Sodium.EnsureInitialized();
        if (Sodium.crypto_scalarmult_curve25519(sharedSecret, privateKey, peerPublicKey) != 0)
        {
            sharedSecret.Clear();
            return false;
        }

        return true;
    }
}
