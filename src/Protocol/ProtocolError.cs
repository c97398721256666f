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
    /// <summary>The encrypted header opened under none of the header keys this session holds.</summary>
    HeaderDecryptionFailed,
    /// <summary>The header opened but the message body's tag did not verify.</summary>
    MessageDecryptionFailed,
    /// <summary>The message was already decrypted (its key is gone), or its skipped key was evicted.</summary>
    DuplicateMessage,
    /// <summary>Accepting the message would skip more message keys in one chain than the bound allows.</summary>
    TooManySkippedMessages,
    /// <summary>The ratchet message is longer than RatchetLimits.MaxMessageLength.</summary>
    RatchetMessageTooLarge,
    /// <summary>The authenticated header carries a value the ratchet cannot use (e.g. a low-order DH key).</summary>
    InvalidRatchetMessage,
    /// <summary>A message or previous-chain number would overflow its u32 counter.</summary>
    RatchetCounterOverflow,
    /// <summary>Serialized ratchet state is malformed or inconsistent.</summary>
    InvalidRatchetState,

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
    /// <summary>A relay blob (or padded plaintext plus its seal overhead) is not one of the fixed bucket sizes.</summary>
    NotABucketSize,
    /// <summary>The length prefix of a padded payload claims more bytes than the bucket holds.</summary>
    PaddedLengthOutOfRange,
    /// <summary>A padding byte after the payload is not zero.</summary>
    NonZeroPadding,
    /// <summary>A token count is zero or above <c>RelayLimits.MaxTokensPerFetch</c>.</summary>
    TokenCountOutOfRange,
    /// <summary>A blob or blob-id count is above its bound (or zero where at least one is required).</summary>
    BlobCountOutOfRange,
    /// <summary>A fetch response is larger than <c>RelayLimits.MaxFetchResponseBytes</c>.</summary>
    FetchResponseTooLarge,
    /// <summary>The same token or blob id appears twice in one request or response.</summary>
    DuplicateRelayEntry,
    /// <summary>A relay error response carries a reason code this version does not define.</summary>
    UnknownRelayRejection,
    /// <summary>A proof-of-work stamp does not have the required number of leading zero bits.</summary>
    InsufficientProofOfWork,
    /// <summary>A proof-of-work difficulty is above <c>ProofOfWork.MaxDifficulty</c>.</summary>
    DifficultyOutOfRange,
    /// <summary>A proof-of-work stamp names an epoch other than the current or the previous one.</summary>
    StaleEpoch,

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

    // --- App payload (inside the ratchet) ---
    /// <summary>An app payload's kind byte is not one this version defines.</summary>
    UnknownPayloadKind,
    /// <summary>An app payload's text or name is not strict UTF-8, too long, or carries a refused character.</summary>
    InvalidPayloadText,
    /// <summary>A receipt names no message id, too many, or one twice.</summary>
    ReceiptCountOutOfRange,
}
