namespace Pvtcoms.Protocol.Crypto;

/// <summary>
/// Every KDF/domain-separation label, in one place, as written in docs/CRYPTO_SPEC.md. Labels are ASCII,
/// prefixed <c>pvtcoms/v1/</c>. Each area appends its labels inside its own block.
/// </summary>
public static class Labels
{
    // --- Primitives ---
    public static ReadOnlySpan<byte> MessageSeal => "pvtcoms/v1/message-seal"u8;

    public static ReadOnlySpan<byte> AtRest => "pvtcoms/v1/at-rest"u8;

    // --- Handshake ---

    // --- Ratchet ---
    /// <summary>KDF_RK_HE info: HKDF(salt = root key, IKM = DH output) → root key ‖ chain key ‖ next header key.</summary>
    public static ReadOnlySpan<byte> RatchetRoot => "pvtcoms/v1/ratchet-root"u8;

    /// <summary>HMAC-SHA-256(header key, this) → the XChaCha20-Poly1305 key that seals headers.</summary>
    public static ReadOnlySpan<byte> RatchetHeaderKey => "pvtcoms/v1/ratchet-header-key"u8;

    /// <summary>HMAC-SHA-256(header key, this ‖ header plaintext)[0..24] → the synthetic header nonce.</summary>
    public static ReadOnlySpan<byte> RatchetHeaderNonce => "pvtcoms/v1/ratchet-header-nonce"u8;


    // --- Identity, safety number, migration ---

    // --- Relay addressing, proof of work, cover ---

    // --- Invites and directory records ---
}
