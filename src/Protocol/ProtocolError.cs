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
