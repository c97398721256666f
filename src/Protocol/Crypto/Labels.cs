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

    // --- Identity, safety number, migration ---

    // --- Relay addressing, proof of work, cover ---
    public static ReadOnlySpan<byte> RelayTokenKey => "pvtcoms/v1/relay-token-key"u8;

    public static ReadOnlySpan<byte> RelayToken => "pvtcoms/v1/relay-token"u8;

    public static ReadOnlySpan<byte> CoverTokenKey => "pvtcoms/v1/cover-token-key"u8;

    public static ReadOnlySpan<byte> CoverToken => "pvtcoms/v1/cover-token"u8;

    public static ReadOnlySpan<byte> RelayPow => "pvtcoms/v1/relay-pow"u8;

    // --- Invites and directory records ---
}
