namespace Pvtcoms.Protocol.Ratchet;

/// <summary>Which AEAD a ratchet sealing used.</summary>
internal enum RatchetAeadUse
{
    /// <summary>XChaCha20-Poly1305 over the header.</summary>
    Header,

    /// <summary>ChaCha20-Poly1305 over the body, key and nonce derived from the message key by MessageSeal.</summary>
    Body,
}

/// <summary>
/// Test hook: told the (key, nonce) of every AEAD sealing a session performs, so tests can hunt for reuse.
/// Null in production (one null check per sealing); the spans are only valid during the call.
/// </summary>
internal delegate void RatchetAeadObserver(RatchetAeadUse use, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce);
