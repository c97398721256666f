namespace Pvtcoms.Protocol.Crypto;

/// <summary>
/// Ed25519 (RFC 8032) over a 32-byte seed as the private key. Verification is libsodium's strict one
/// (canonical encodings, no small-order keys).
/// </summary>
public static class Ed25519
{
    public const int SeedSize = 32;
    public const int PublicKeySize = 32;
    public const int SignatureSize = 64;
    private const int ExpandedSecretKeySize = 64;

    public static void GenerateSeed(IEntropy entropy, Span<byte> seed)
    {
        ArgumentNullException.ThrowIfNull(entropy);
        BufferGuard.RequireLength(seed.Length, SeedSize, nameof(seed));
        entropy.Fill(seed);
    }

    public static void DerivePublicKey(ReadOnlySpan<byte> seed, Span<byte> publicKey)
    {
        BufferGuard.RequireLength(seed.Length, SeedSize, nameof(seed));
        BufferGuard.RequireLength(publicKey.Length, PublicKeySize, nameof(publicKey));
        Span<byte> expanded = stackalloc byte[ExpandedSecretKeySize];
        try
        {
            Sodium.EnsureInitialized();
            _ = Sodium.crypto_sign_ed25519_seed_keypair(publicKey, expanded, seed);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(expanded);
        }
    }

    public static void Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        BufferGuard.RequireLength(seed.Length, SeedSize, nameof(seed));
        BufferGuard.RequireLength(signature.Length, SignatureSize, nameof(signature));
        Span<byte> expanded = stackalloc byte[ExpandedSecretKeySize];
        Span<byte> publicKey = stackalloc byte[PublicKeySize];
        try
        {
            Sodium.EnsureInitialized();
            _ = Sodium.crypto_sign_ed25519_seed_keypair(publicKey, expanded, seed);
            _ = Sodium.crypto_sign_ed25519_detached(signature, out _, message, (ulong)message.Length, expanded);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(expanded);
        }
    }

    /// <summary>False for a wrong-length key or signature, a non-canonical encoding, or a forgery.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize)
        {
            return false;
        }

        Sodium.EnsureInitialized();
        return Sodium.crypto_sign_ed25519_verify_detached(signature, message, (ulong)message.Length, publicKey) == 0;
    }
}
