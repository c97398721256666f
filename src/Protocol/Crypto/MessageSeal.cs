using System.Security.Cryptography;

namespace Pvtcoms.Protocol.Crypto;

/// <summary>
/// <c>Seal</c>/<c>Open</c> under a single-use 32-byte message key: the ChaCha20-Poly1305 key and nonce are
/// both derived from it (HKDF-SHA-256, info <see cref="Labels.MessageSeal"/>), so a message key that is
/// never reused can never repeat a (key, nonce) pair. Output: ciphertext ‖ 16-byte tag.
/// </summary>
public static class MessageSeal
{
    public const int MessageKeySize = 32;
    public const int Overhead = ChaCha20Poly1305Aead.TagSize;

    public static byte[] Seal(ReadOnlySpan<byte> messageKey, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[plaintext.Length + Overhead];
        Seal(messageKey, plaintext, associatedData, output);
        return output;
    }

    public static void Seal(ReadOnlySpan<byte> messageKey, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> output)
    {
        Span<byte> keyAndNonce = stackalloc byte[ChaCha20Poly1305Aead.KeySize + ChaCha20Poly1305Aead.NonceSize];
        try
        {
            Derive(messageKey, keyAndNonce);
            ChaCha20Poly1305Aead.Encrypt(keyAndNonce[..32], keyAndNonce[32..], plaintext, associatedData, output);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyAndNonce);
        }
    }

    /// <summary>Verifies the tag before any plaintext is returned; a bad tag or short input is an error value.</summary>
    public static ProtocolResult<byte[]> Open(ReadOnlySpan<byte> messageKey, ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> associatedData)
    {
        if (sealedBytes.Length < Overhead)
        {
            return ProtocolError.Truncated;
        }

        var plaintext = new byte[sealedBytes.Length - Overhead];
        return TryOpen(messageKey, sealedBytes, associatedData, plaintext)
            ? ProtocolResult<byte[]>.Ok(plaintext)
            : ProtocolError.DecryptionFailed;
    }

    public static bool TryOpen(ReadOnlySpan<byte> messageKey, ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        if (sealedBytes.Length < Overhead || plaintext.Length != sealedBytes.Length - Overhead)
        {
            return false;
        }

        Span<byte> keyAndNonce = stackalloc byte[ChaCha20Poly1305Aead.KeySize + ChaCha20Poly1305Aead.NonceSize];
        try
        {
            Derive(messageKey, keyAndNonce);
            return ChaCha20Poly1305Aead.TryDecrypt(keyAndNonce[..32], keyAndNonce[32..], sealedBytes, associatedData, plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyAndNonce);
        }
    }

    private static void Derive(ReadOnlySpan<byte> messageKey, Span<byte> keyAndNonce)
    {
        if (messageKey.Length != MessageKeySize)
        {
            throw new ArgumentException($"Expected {MessageKeySize} bytes.", nameof(messageKey));
        }

        Kdf.Hkdf(messageKey, ReadOnlySpan<byte>.Empty, Labels.MessageSeal, keyAndNonce);
    }
}
