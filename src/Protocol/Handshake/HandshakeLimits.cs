namespace Pvtcoms.Protocol.Handshake;

/// <summary>Every bound of the handshake formats and of the responder's stored prekey state.</summary>
public static class HandshakeLimits
{
    /// <summary>Version byte of <see cref="PrekeyBundle"/>, <see cref="InitialMessage"/> and the transcript.</summary>
    public const byte Version = 1;

    /// <summary>Largest opaque first payload: a padded 64 KiB ratchet message plus 1 KiB of header and tags.</summary>
    public const int MaxFirstPayloadSize = (64 * 1024) + 1024;

    /// <summary>Most unconsumed one-time prekeys a responder keeps.</summary>
    public const int MaxOneTimePrekeys = 200;

    /// <summary>Signed prekey generations kept: the current one and the one it replaced (for messages in flight).</summary>
    public const int RetainedSignedPrekeyGenerations = 2;

    /// <summary>Replay-cache entries per signed prekey generation; when full, the responder must rotate.</summary>
    public const int MaxReplayEntriesPerSignedPrekey = 4096;

    /// <summary>Bytes of a replay tag: the first 16 bytes of SHA-256(label ‖ initiator ephemeral key).</summary>
    public const int ReplayTagSize = 16;

    /// <summary>Largest serialized <see cref="ResponderPrekeys"/> state.</summary>
    public const int MaxResponderStateSize =
        1 + 32 + 4 + 1
        + (RetainedSignedPrekeyGenerations * (4 + 32 + 64 + 4 + 64 + 64 + 2 + (MaxReplayEntriesPerSignedPrekey * ReplayTagSize)))
        + 2 + (MaxOneTimePrekeys * (4 + 1 + 32 + 64 + 64));
}
