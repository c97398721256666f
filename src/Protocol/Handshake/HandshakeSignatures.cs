using System.Buffers.Binary;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Handshake;

/// <summary>
/// The exact messages the identity key signs (docs/CRYPTO_SPEC.md part 2 §3): u16 label length ‖ label ‖ the
/// signed values. Each kind of signature has its own label, so no signature of one kind verifies as another.
/// </summary>
internal static class HandshakeSignatures
{
    private const int MaxMessageSize = 2 + 64 + 4 + X25519.PublicKeySize + MlKem768.EncapsulationKeySize;

    public static void SignSignedX25519Prekey(ReadOnlySpan<byte> identitySeed, uint id, ReadOnlySpan<byte> publicKey, Span<byte> signature)
    {
        Span<byte> message = stackalloc byte[MaxMessageSize];
        var length = Compose(message, Labels.HandshakeSignedX25519Prekey, id, publicKey, default);
        Ed25519.Sign(identitySeed, message[..length], signature);
    }

    public static bool VerifySignedX25519Prekey(ReadOnlySpan<byte> identityKey, uint id, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signature)
    {
        Span<byte> message = stackalloc byte[MaxMessageSize];
        var length = Compose(message, Labels.HandshakeSignedX25519Prekey, id, publicKey, default);
        return Ed25519.Verify(identityKey, message[..length], signature);
    }

    public static void SignSignedMlKemPrekey(ReadOnlySpan<byte> identitySeed, uint id, ReadOnlySpan<byte> encapsulationKey, Span<byte> signature)
    {
        Span<byte> message = stackalloc byte[MaxMessageSize];
        var length = Compose(message, Labels.HandshakeSignedMlKemPrekey, id, encapsulationKey, default);
        Ed25519.Sign(identitySeed, message[..length], signature);
    }

    public static bool VerifySignedMlKemPrekey(ReadOnlySpan<byte> identityKey, uint id, ReadOnlySpan<byte> encapsulationKey, ReadOnlySpan<byte> signature)
    {
        Span<byte> message = stackalloc byte[MaxMessageSize];
        var length = Compose(message, Labels.HandshakeSignedMlKemPrekey, id, encapsulationKey, default);
        return Ed25519.Verify(identityKey, message[..length], signature);
    }

    public static void SignOneTimePrekey(ReadOnlySpan<byte> identitySeed, uint id, ReadOnlySpan<byte> x25519Key,
        ReadOnlySpan<byte> encapsulationKey, Span<byte> signature)
    {
        Span<byte> message = stackalloc byte[MaxMessageSize];
        var length = Compose(message, Labels.HandshakeOneTimePrekey, id, x25519Key, encapsulationKey);
        Ed25519.Sign(identitySeed, message[..length], signature);
    }

    public static bool VerifyOneTimePrekey(ReadOnlySpan<byte> identityKey, uint id, ReadOnlySpan<byte> x25519Key,
        ReadOnlySpan<byte> encapsulationKey, ReadOnlySpan<byte> signature)
    {
        Span<byte> message = stackalloc byte[MaxMessageSize];
        var length = Compose(message, Labels.HandshakeOneTimePrekey, id, x25519Key, encapsulationKey);
        return Ed25519.Verify(identityKey, message[..length], signature);
    }

    public static void SignTranscript(ReadOnlySpan<byte> identitySeed, ReadOnlySpan<byte> transcriptHash, Span<byte> signature)
    {
        Span<byte> message = stackalloc byte[MaxMessageSize];
        var length = ComposeTranscript(message, transcriptHash);
        Ed25519.Sign(identitySeed, message[..length], signature);
    }

    public static bool VerifyTranscript(ReadOnlySpan<byte> identityKey, ReadOnlySpan<byte> transcriptHash, ReadOnlySpan<byte> signature)
    {
        Span<byte> message = stackalloc byte[MaxMessageSize];
        var length = ComposeTranscript(message, transcriptHash);
        return Ed25519.Verify(identityKey, message[..length], signature);
    }

    private static int Compose(Span<byte> message, ReadOnlySpan<byte> label, uint id, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var length = WriteLabel(message, label);
        BinaryPrimitives.WriteUInt32BigEndian(message[length..], id);
        length += 4;
        first.CopyTo(message[length..]);
        length += first.Length;
        second.CopyTo(message[length..]);
        return length + second.Length;
    }

    private static int ComposeTranscript(Span<byte> message, ReadOnlySpan<byte> transcriptHash)
    {
        var length = WriteLabel(message, Labels.HandshakeInitiatorSignature);
        transcriptHash.CopyTo(message[length..]);
        return length + transcriptHash.Length;
    }

    private static int WriteLabel(Span<byte> message, ReadOnlySpan<byte> label)
    {
        BinaryPrimitives.WriteUInt16BigEndian(message, (ushort)label.Length);
        label.CopyTo(message[2..]);
        return 2 + label.Length;
    }
}
