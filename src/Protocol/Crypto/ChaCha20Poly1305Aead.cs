namespace Pvtcoms.Protocol.Crypto;

/// <summary>
/// ChaCha20-Poly1305 (RFC 8439, 96-bit nonce) and XChaCha20-Poly1305 (192-bit nonce) on raw key spans.
/// Output layout is ciphertext ‖ 16-byte tag. Open verifies the tag before writing any plaintext byte
/// the caller could use: on failure the destination is cleared and false is returned.
/// </summary>
public static class ChaCha20Poly1305Aead
{
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int XNonceSize = 24;
    public const int TagSize = 16;

    public static void Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext,
        ReadOnlySpan<byte> associatedData, Span<byte> ciphertextAndTag) =>
        EncryptCore(key, nonce, NonceSize, plaintext, associatedData, ciphertextAndTag, extended: false);

    public static bool TryDecrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertextAndTag,
        ReadOnlySpan<byte> associatedData, Span<byte> plaintext) =>
        DecryptCore(key, nonce, NonceSize, ciphertextAndTag, associatedData, plaintext, extended: false);

    public static void EncryptExtended(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext,
        ReadOnlySpan<byte> associatedData, Span<byte> ciphertextAndTag) =>
        EncryptCore(key, nonce, XNonceSize, plaintext, associatedData, ciphertextAndTag, extended: true);

    public static bool TryDecryptExtended(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertextAndTag,
        ReadOnlySpan<byte> associatedData, Span<byte> plaintext) =>
        DecryptCore(key, nonce, XNonceSize, ciphertextAndTag, associatedData, plaintext, extended: true);

    private static void EncryptCore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, int nonceSize, ReadOnlySpan<byte> plaintext,
        ReadOnlySpan<byte> associatedData, Span<byte> ciphertextAndTag, bool extended)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"Expected {KeySize} bytes.", nameof(key));
        }

        if (nonce.Length != nonceSize)
        {
            throw new ArgumentException($"Expected {nonceSize} bytes.", nameof(nonce));
        }

        if (ciphertextAndTag.Length != plaintext.Length + TagSize)
        {
            throw new ArgumentException("Destination must be plaintext length + 16.", nameof(ciphertextAndTag));
        }

        if (plaintext.Overlaps(ciphertextAndTag, out var offset) && offset != 0)
        {
            throw new ArgumentException("In-place encryption must start at the same offset.", nameof(ciphertextAndTag));
        }

        Sodium.EnsureInitialized();
        var c = ciphertextAndTag[..plaintext.Length];
        var tag = ciphertextAndTag[plaintext.Length..];
        _ = extended
            ? Sodium.crypto_aead_xchacha20poly1305_ietf_encrypt_detached(c, tag, out _, plaintext, (ulong)plaintext.Length,
                associatedData, (ulong)associatedData.Length, IntPtr.Zero, nonce, key)
            : Sodium.crypto_aead_chacha20poly1305_ietf_encrypt_detached(c, tag, out _, plaintext, (ulong)plaintext.Length,
                associatedData, (ulong)associatedData.Length, IntPtr.Zero, nonce, key);
    }

    private static bool DecryptCore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, int nonceSize, ReadOnlySpan<byte> ciphertextAndTag,
        ReadOnlySpan<byte> associatedData, Span<byte> plaintext, bool extended)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"Expected {KeySize} bytes.", nameof(key));
        }

        if (nonce.Length != nonceSize || ciphertextAndTag.Length < TagSize
            || plaintext.Length != ciphertextAndTag.Length - TagSize)
        {
            plaintext.Clear();
            return false;
        }

        Sodium.EnsureInitialized();
        var c = ciphertextAndTag[..plaintext.Length];
        var tag = ciphertextAndTag[plaintext.Length..];
        var rc = extended
            ? Sodium.crypto_aead_xchacha20poly1305_ietf_decrypt_detached(plaintext, IntPtr.Zero, c, (ulong)c.Length, tag,
                associatedData, (ulong)associatedData.Length, nonce, key)
            : Sodium.crypto_aead_chacha20poly1305_ietf_decrypt_detached(plaintext, IntPtr.Zero, c, (ulong)c.Length, tag,
                associatedData, (ulong)associatedData.Length, nonce, key);
        if (rc != 0)
        {
            plaintext.Clear();
            return false;
        }

        return true;
    }
}
