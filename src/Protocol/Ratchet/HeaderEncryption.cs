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
    /// <summary>hek = HMAC-SHA-256(HK, "pvtcoms/v1/ratchet-header-key").</summary>
    public static void DeriveAeadKey(ReadOnlySpan<byte> headerKey, Span<byte> aeadKey) =>
        RatchetHmac.Compute(headerKey, Labels.RatchetHeaderKey, aeadKey);

    /// <param name="headerKey">HK, for the synthetic nonce.</param>
    /// <param name="aeadKey">hek, <see cref="DeriveAeadKey"/> of the same HK.</param>
    public static void Seal(ReadOnlySpan<byte> headerKey, ReadOnlySpan<byte> aeadKey, ReadOnlySpan<byte> header, byte version,
        Span<byte> sealedHeader, RatchetAeadObserver? observer)
    {
        Span<byte> nonceInput = stackalloc byte[Labels.RatchetHeaderNonce.Length + RatchetLimits.HeaderPlaintextSize];
        Span<byte> mac = stackalloc byte[Kdf.HashSize];
        ReadOnlySpan<byte> ad = [version];
        try
        {
            Labels.RatchetHeaderNonce.CopyTo(nonceInput);
            header.CopyTo(nonceInput[Labels.RatchetHeaderNonce.Length..]);
            RatchetHmac.Compute(headerKey, nonceInput, mac);
            var nonce = sealedHeader[..RatchetLimits.HeaderNonceSize];
            mac[..RatchetLimits.HeaderNonceSize].CopyTo(nonce);
            ChaCha20Poly1305Aead.EncryptExtended(aeadKey, nonce, header, ad, sealedHeader[RatchetLimits.HeaderNonceSize..]);
            observer?.Invoke(RatchetAeadUse.Header, aeadKey, nonce);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(nonceInput);
            CryptographicOperations.ZeroMemory(mac);
        }
    }

    /// <summary>Seals with a one-off derivation of hek (tests and rare paths).</summary>
    public static void Seal(ReadOnlySpan<byte> headerKey, ReadOnlySpan<byte> header, byte version, Span<byte> sealedHeader,
        RatchetAeadObserver? observer)
    {
        Span<byte> aeadKey = stackalloc byte[ChaCha20Poly1305Aead.KeySize];
        try
        {
            DeriveAeadKey(headerKey, aeadKey);
            Seal(headerKey, aeadKey, header, version, sealedHeader, observer);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(aeadKey);
        }
    }

    /// <summary>False when the tag does not verify under this hek; <paramref name="header"/> is then cleared.</summary>
    public static bool TryOpenWithAeadKey(ReadOnlySpan<byte> aeadKey, ReadOnlySpan<byte> sealedHeader, byte version, Span<byte> header)
    {
        ReadOnlySpan<byte> ad = [version];
        return ChaCha20Poly1305Aead.TryDecryptExtended(aeadKey, sealedHeader[..RatchetLimits.HeaderNonceSize],
            sealedHeader[RatchetLimits.HeaderNonceSize..], ad, header);
    }

    /// <summary>False when the tag does not verify under this header key; <paramref name="header"/> is then cleared.</summary>
    public static bool TryOpen(ReadOnlySpan<byte> headerKey, ReadOnlySpan<byte> sealedHeader, byte version, Span<byte> header)
    {
        Span<byte> aeadKey = stackalloc byte[ChaCha20Poly1305Aead.KeySize];
        try
        {
            DeriveAeadKey(headerKey, aeadKey);
            return TryOpenWithAeadKey(aeadKey, sealedHeader, version, header);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(aeadKey);
        }
    }
}
