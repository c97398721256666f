using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Handshake;

/// <summary>Which side of the handshake a <see cref="SessionKeys"/> belongs to.</summary>
public enum HandshakeRole
{
    Initiator = 1,
    Responder = 2,
}

/// <summary>
/// Everything the Double Ratchet and the relay addressing need from a finished handshake: the root key,
/// the two shared header keys, the addressing secret, a key-confirmation key, the transcript hash (the
/// associated data of every ratchet call), the responder's ratchet public key and — on the responder's
/// side only — a copy of its ratchet private key (the signed X25519 prekey's private key).
/// Zeroed on <see cref="Dispose"/>; <see cref="ToString"/> reveals nothing.
/// </summary>
public sealed class SessionKeys : IDisposable
{
    public const int KeySize = 32;

    private readonly byte[] _sessionSecret;
    private readonly byte[] _transcriptHash;
    private readonly byte[] _initiatorIdentityKey;
    private readonly byte[] _responderIdentityKey;
    private readonly byte[] _responderRatchetPublicKey;
    private readonly byte[] _responderRatchetPrivateKey;
    private bool _disposed;

    internal SessionKeys(HandshakeRole role, ReadOnlySpan<byte> sessionSecret, ReadOnlySpan<byte> transcriptHash,
        ReadOnlySpan<byte> initiatorIdentityKey, ReadOnlySpan<byte> responderIdentityKey,
        ReadOnlySpan<byte> responderRatchetPublicKey, ReadOnlySpan<byte> responderRatchetPrivateKey)
    {
        if (sessionSecret.Length != HybridSessionKey.SessionSecretSize
            || (role == HandshakeRole.Responder) != (responderRatchetPrivateKey.Length == X25519.PrivateKeySize))
        {
            throw new ArgumentException("Inconsistent session key material.", nameof(sessionSecret));
        }

        Role = role;
        _sessionSecret = sessionSecret.ToArray();
        _transcriptHash = transcriptHash.ToArray();
        _initiatorIdentityKey = initiatorIdentityKey.ToArray();
        _responderIdentityKey = responderIdentityKey.ToArray();
        _responderRatchetPublicKey = responderRatchetPublicKey.ToArray();
        _responderRatchetPrivateKey = responderRatchetPrivateKey.ToArray();
    }

    public HandshakeRole Role { get; }

    /// <summary>The Double Ratchet's first root key (session secret bytes 0..32).</summary>
    public ReadOnlySpan<byte> RootKey => Slice(0);

    /// <summary>Header key of the initiator's first sending chain (bytes 32..64).</summary>
    public ReadOnlySpan<byte> SharedHeaderKeyA => Slice(1);

    /// <summary>Next header key of the responder's first sending chain (bytes 64..96).</summary>
    public ReadOnlySpan<byte> SharedNextHeaderKeyB => Slice(2);

    /// <summary>Input of the relay-addressing token derivation (bytes 96..128).</summary>
    public ReadOnlySpan<byte> AddressingSecret => Slice(3);

    /// <summary>Reserved for an explicit key-confirmation MAC (bytes 128..160); unused by the handshake itself.</summary>
    public ReadOnlySpan<byte> ConfirmationKey => Slice(4);

    /// <summary>The transcript hash: associated data of every ratchet call of this session.</summary>
    public ReadOnlySpan<byte> TranscriptHash => Live(_transcriptHash);

    public ReadOnlySpan<byte> InitiatorIdentityKey => Live(_initiatorIdentityKey);

    public ReadOnlySpan<byte> ResponderIdentityKey => Live(_responderIdentityKey);

    /// <summary>The responder's first ratchet public key: its signed X25519 prekey.</summary>
    public ReadOnlySpan<byte> ResponderRatchetPublicKey => Live(_responderRatchetPublicKey);

    /// <summary>
    /// The responder's first ratchet private key (a copy of the signed X25519 prekey's private key), for
    /// <c>RatchetSession.InitializeResponder</c>. Only the responder has it; asking the initiator's keys is a caller bug.
    /// </summary>
    public ReadOnlySpan<byte> ResponderRatchetPrivateKey =>
        Role == HandshakeRole.Responder
            ? Live(_responderRatchetPrivateKey)
            : throw new InvalidOperationException("Only the responder holds the ratchet private key.");

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        CryptographicOperations.ZeroMemory(_sessionSecret);
        CryptographicOperations.ZeroMemory(_transcriptHash);
        CryptographicOperations.ZeroMemory(_responderRatchetPrivateKey);
        _disposed = true;
    }

    public override string ToString() => $"SessionKeys({Role})";

    private ReadOnlySpan<byte> Slice(int index) => Live(_sessionSecret).Slice(index * KeySize, KeySize);

    private ReadOnlySpan<byte> Live(byte[] bytes)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return bytes;
    }
}
