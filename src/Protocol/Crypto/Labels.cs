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
    public static ReadOnlySpan<byte> HandshakeSignedX25519Prekey => "pvtcoms/v1/handshake/signed-x25519-prekey"u8;

    public static ReadOnlySpan<byte> HandshakeSignedMlKemPrekey => "pvtcoms/v1/handshake/signed-mlkem-prekey"u8;

    public static ReadOnlySpan<byte> HandshakeOneTimePrekey => "pvtcoms/v1/handshake/one-time-prekey"u8;

    public static ReadOnlySpan<byte> HandshakeTranscript => "pvtcoms/v1/handshake/transcript"u8;

    public static ReadOnlySpan<byte> HandshakeInitiatorSignature => "pvtcoms/v1/handshake/initiator-signature"u8;

    public static ReadOnlySpan<byte> HandshakeSessionKeys => "pvtcoms/v1/handshake/session-keys"u8;

    public static ReadOnlySpan<byte> HandshakeReplayTag => "pvtcoms/v1/handshake/replay-tag"u8;


    // --- Ratchet ---
    /// <summary>KDF_RK_HE info: HKDF(salt = root key, IKM = DH output) → root key ‖ chain key ‖ next header key.</summary>
    public static ReadOnlySpan<byte> RatchetRoot => "pvtcoms/v1/ratchet-root"u8;

    /// <summary>HMAC-SHA-256(header key, this) → the XChaCha20-Poly1305 key that seals headers.</summary>
    public static ReadOnlySpan<byte> RatchetHeaderKey => "pvtcoms/v1/ratchet-header-key"u8;

    /// <summary>HMAC-SHA-256(header key, this ‖ header plaintext)[0..24] → the synthetic header nonce.</summary>
    public static ReadOnlySpan<byte> RatchetHeaderNonce => "pvtcoms/v1/ratchet-header-nonce"u8;


    // --- Identity, safety number, migration ---
    public static ReadOnlySpan<byte> IdentityFingerprint => "pvtcoms/v1/identity-fingerprint"u8;

    public static ReadOnlySpan<byte> SafetyNumber => "pvtcoms/v1/safety-number"u8;

    public static ReadOnlySpan<byte> MigrationOldSigns => "pvtcoms/v1/identity-migration/old-signs"u8;

    public static ReadOnlySpan<byte> MigrationNewCountersigns => "pvtcoms/v1/identity-migration/new-countersigns"u8;

    // --- Relay addressing, proof of work, cover ---
    public static ReadOnlySpan<byte> RelayTokenKey => "pvtcoms/v1/relay-token-key"u8;

    public static ReadOnlySpan<byte> RelayToken => "pvtcoms/v1/relay-token"u8;

    public static ReadOnlySpan<byte> CoverTokenKey => "pvtcoms/v1/cover-token-key"u8;

    public static ReadOnlySpan<byte> CoverToken => "pvtcoms/v1/cover-token"u8;

    public static ReadOnlySpan<byte> RelayPow => "pvtcoms/v1/relay-pow"u8;

    // --- Invites and directory records ---
    public static ReadOnlySpan<byte> InviteChecksum => "pvtcoms/v1/invite-checksum"u8;

    public static ReadOnlySpan<byte> DirectoryLocator => "pvtcoms/v1/directory/locator"u8;

    public static ReadOnlySpan<byte> DirectoryKey => "pvtcoms/v1/directory/key"u8;

    public static ReadOnlySpan<byte> DirectoryAssociatedData => "pvtcoms/v1/directory/aad"u8;

    public static ReadOnlySpan<byte> DirectorySignature => "pvtcoms/v1/directory/signature"u8;

    // --- Sessions (first contact, relay lane) ---
    public static ReadOnlySpan<byte> IntroEnvelope => "pvtcoms/v1/intro-envelope"u8;

    // --- Client storage (docs/CRYPTO_SPEC.md part 7) ---
    /// <summary>HKDF info: device key (salt = the store's random salt) → the key every row is sealed under.</summary>
    public static ReadOnlySpan<byte> StoreSealKey => "pvtcoms/v1/store/seal-key"u8;

    /// <summary>HKDF info: device key (salt = the store's random salt) → the BLAKE2b key that hashes logical ids to row keys.</summary>
    public static ReadOnlySpan<byte> StoreRowKey => "pvtcoms/v1/store/row-key"u8;

    /// <summary>The plaintext of the store's key-check row: opening it proves the device key is the right one.</summary>
    public static ReadOnlySpan<byte> StoreKeyCheck => "pvtcoms/v1/store/key-check"u8;
    // --- Device key (client profile, docs/spec/device-key.md) ---
    /// <summary>Prefix of the AEAD associated data of a passphrase-wrapped device key.</summary>
    public static ReadOnlySpan<byte> DeviceKeyPassphrase => "pvtcoms/v1/device-key/passphrase"u8;

    /// <summary>Prefix of the DPAPI optional entropy (followed by the file's key id).</summary>
    public static ReadOnlySpan<byte> DeviceKeyDpapi => "pvtcoms/v1/device-key/dpapi"u8;
}
