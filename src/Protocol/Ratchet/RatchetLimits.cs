using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Ratchet;

/// <summary>Every size and bound of the ratchet, as written in docs/CRYPTO_SPEC.md part 3.</summary>
public static class RatchetLimits
{
    /// <summary>First byte of every ratchet message.</summary>
    public const byte MessageVersion = 1;

    /// <summary>First byte of serialized session state.</summary>
    public const byte StateVersion = 1;

    /// <summary>The handshake transcript hash passed to every Encrypt/TryDecrypt.</summary>
    public const int AssociatedDataSize = 32;

    public const int KeySize = 32;

    /// <summary>Header plaintext: ratchet public key (32) ‖ PN (u32) ‖ N (u32).</summary>
    public const int HeaderPlaintextSize = X25519.PublicKeySize + 4 + 4;

    /// <summary>Synthetic XChaCha20 nonce carried in front of the sealed header.</summary>
    public const int HeaderNonceSize = ChaCha20Poly1305Aead.XNonceSize;

    /// <summary>Encrypted header: nonce (24) ‖ ciphertext (40) ‖ tag (16) = 80 bytes.</summary>
    public const int EncryptedHeaderSize = HeaderNonceSize + HeaderPlaintextSize + ChaCha20Poly1305Aead.TagSize;

    public const int BodyOverhead = MessageSeal.Overhead;

    /// <summary>Largest plaintext one ratchet message carries: 64 KiB.</summary>
    public const int MaxPlaintextLength = 64 * 1024;

    /// <summary>Version (1) ‖ encrypted header (80) ‖ body tag (16): the smallest well-formed message.</summary>
    public const int MinMessageLength = 1 + EncryptedHeaderSize + BodyOverhead;

    /// <summary>Version ‖ encrypted header ‖ 64 KiB ciphertext ‖ tag.</summary>
    public const int MaxMessageLength = MinMessageLength + MaxPlaintextLength;

    /// <summary>Most message keys one message may make the receiver skip in one chain (Signal's MAX_SKIP).</summary>
    public const int MaxSkipPerChain = 1000;

    /// <summary>Most skipped message keys stored at once; beyond it the oldest are evicted.</summary>
    public const int MaxSkippedTotal = 2000;

    /// <summary>A skipped key is deleted once the receiver has done more than this many DH ratchet steps since storing it.</summary>
    public const int MaxSkippedKeyAgeSteps = 20;
}
