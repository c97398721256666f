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

    // --- Relay addressing, padding, proof of work ---

    // --- Invites and directory records ---
}
