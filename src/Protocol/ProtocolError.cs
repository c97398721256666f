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
}
