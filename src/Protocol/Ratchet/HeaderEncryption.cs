using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Ratchet;

/// <summary>
/// HENCRYPT/HDECRYPT: XChaCha20-Poly1305 under a key derived from the header key, with a synthetic nonce
/// (ADR 0010): hek = HMAC(HK, "…ratchet-header-key"), nonce = HMAC(HK, "…ratchet-header-nonce" ‖ header)[0..24].
/// Sealed form: nonce (24) ‖ ciphertext (40) ‖ tag (16). AD = the message version byte.
/// </summary>
internal static class HeaderEncryption
{
    public static void Seal(ReadOnlySpan<byte> headerKey, ReadOnlySpan<byte> header, byte version, Span<byte> sealedHeader,
        RatchetAeadObserver? observer)
    {
        Span<byte> aeadKey = stackalloc byte[ChaCha20Poly1305Aead.KeySize];
        Span<byte> nonceInput = stackalloc byte[Labels.RatchetHeaderNonce.Length + RatchetLimits.HeaderPlaintextSize];
        Span<byte> mac = stackalloc byte[Kdf.HashSize];
        ReadOnlySpan<byte> ad = [version];
        try
        {
            Kdf.Hmac(headerKey, Labels.RatchetHeaderKey, aeadKey);
            Labels.RatchetHeaderNonce.CopyTo(nonceInput);
            header.CopyTo(nonceInput[Labels.RatchetHeaderNonce.Length..]);
            Kdf.Hmac(headerKey, nonceInput, mac);
            var nonce = sealedHeader[..RatchetLimits.HeaderNonceSize];
            mac[..RatchetLimits.HeaderNonceSize].CopyTo(nonce);
            ChaCha20Poly1305Aead.EncryptExtended(aeadKey, nonce, header, ad, sealedHeader[RatchetLimits.HeaderNonceSize..]);
            observer?.Invoke(RatchetAeadUse.Header, aeadKey, nonce);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(aeadKey);
            CryptographicOperations.ZeroMemory(nonceInput);
            CryptographicOperations.ZeroMemory(mac);
        }
    }

    /// <summary>False when the tag does not verify under this header key; <paramref name="header"/> is then cleared.</summary>
    public static bool TryOpen(ReadOnlySpan<byte> headerKey, ReadOnlySpan<byte> sealedHeader, byte version, Span<byte> header)
    {
        Span<byte> aeadKey = stackalloc byte[ChaCha20Poly1305Aead.KeySize];
        ReadOnlySpan<byte> ad = [version];
        try
        {
            Kdf.Hmac(headerKey, Labels.RatchetHeaderKey, aeadKey);
            return ChaCha20Poly1305Aead.TryDecryptExtended(aeadKey, sealedHeader[..RatchetLimits.HeaderNonceSize],
                sealedHeader[RatchetLimits.HeaderNonceSize..], ad, header);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(aeadKey);
        }
    }
}
