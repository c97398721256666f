namespace Pvtcoms.Protocol;

/// <summary>
/// Everything that can go wrong with untrusted input, named exactly. Returned as a value, never thrown;
/// its name is the only thing an error says (no key, MAC or plaintext bytes in any message text).
/// Each area appends its variants inside its own block.
/// </summary>
public enum ProtocolError
{
    None = 0,

    // --- Wire framing ---
    Truncated,
    TrailingBytes,
    UnsupportedVersion,
    UnknownMessageType,
    LengthOutOfRange,
    InvalidEncoding,

    // --- Primitives ---
    InvalidKeyLength,
    InvalidPublicKey,
    InvalidSignature,
    DecryptionFailed,

    // --- Handshake ---
    /// <summary>A signature on a signed or one-time prekey in a bundle does not verify under its identity key.</summary>
    InvalidPrekeySignature,

    /// <summary>An ML-KEM-768 encapsulation key fails the FIPS 203 §7.2 modulus check.</summary>
    InvalidEncapsulationKey,

    /// <summary>An initial message names a signed or one-time prekey id the responder never issued (or has retired).</summary>
    UnknownPrekeyId,

    /// <summary>An initial message names a one-time prekey that an earlier initial message already consumed.</summary>
    OneTimePrekeyAlreadyUsed,

    /// <summary>An initial message without a one-time prekey carries an ephemeral key already accepted under this signed prekey.</summary>
    ReplayedInitialMessage,

    /// <summary>The replay cache of the signed prekey is full; the responder must rotate its signed prekeys.</summary>
    ReplayCacheFull,

    // --- Ratchet ---

    // --- Identity, contacts, migration ---
    IdentityKeyChanged,
    ContactNotPinned,
    InvalidPinState,
    MigrationOldKeyMismatch,
    MigrationSignatureInvalid,
    MigrationCountersignatureInvalid,
    MigrationReplayed,
    MigrationToSameKey,
    MigrationSequenceInvalid,

    // --- Relay addressing, padding, proof of work ---

    // --- Invites and directory records ---
    InvitePrefixMissing,
    InviteChecksumMismatch,
    InviteTooLong,
    InvalidRelayAddress,
    InvalidDisplayName,
    DirectoryLocatorMismatch,
    DirectoryIdentityMismatch,
    DirectoryEpochMismatch,
    DirectoryRecordExpired,
    DirectorySignatureInvalid,
}
