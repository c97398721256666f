namespace Pvtcoms.Protocol.Crypto;

/// <summary>Argon2id v1.3 (RFC 9106) password hashing, for wrapping the device key under a passphrase.</summary>
public static class Argon2id
{
    public const int SaltSize = 16;

    /// <summary>Interactive-strength defaults: 3 passes over 64 MiB.</summary>
    public const long DefaultOpsLimit = 3;
    public const long DefaultMemLimitBytes = 64L * 1024 * 1024;

    /// <returns>False when libsodium refuses (out of memory, or limits out of range).</returns>
    public static bool TryDeriveKey(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, long opsLimit, long memLimitBytes, Span<byte> output)
    {
        if (salt.Length != SaltSize)
        {
            throw new ArgumentException($"Expected {SaltSize} bytes.", nameof(salt));
        }

        if (output.Length < 16 || opsLimit < 1 || memLimitBytes < 8192)
        {
            throw new ArgumentException("Output must be at least 16 bytes; opsLimit ≥ 1; memLimit ≥ 8 KiB.");
        }

        Sodium.EnsureInitialized();
        return Sodium.crypto_pwhash(output, (ulong)output.Length, password, (ulong)password.Length, salt,
            (ulong)opsLimit, (nuint)memLimitBytes, Sodium.Argon2id13) == 0;
    }
}
