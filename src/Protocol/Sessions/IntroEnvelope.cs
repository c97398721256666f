using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Sessions;

/// <summary>
/// Hides a first-contact <see cref="InitialMessage"/> (which names the initiator's identity key) from the
/// relay: it is padded into a bucket and sealed to the responder's signed X25519 prekey with a fresh
/// ephemeral key. Layout: version (1) ‖ ephemeral X25519 public (32) ‖ XChaCha20-Poly1305(padded initial
/// message) with a zero nonce — the key is single-use because the ephemeral key is fresh — and AAD =
/// version ‖ ephemeral public. The whole envelope is exactly one relay bucket.
/// </summary>
public static class IntroEnvelope
{
    public const byte Version = 1;
    public const int Overhead = 1 + X25519.PublicKeySize + ChaCha20Poly1305Aead.TagSize;

    /// <summary>Internal: <see cref="FirstContact.Initiate"/> verifies the bundle before it seals to its prekey.</summary>
    internal static byte[] Seal(PrekeyBundle bundle, ReadOnlySpan<byte> initialMessage, IEntropy entropy)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(entropy);
        var padded = BucketPadding.Pad(initialMessage, Overhead);
        var output = new byte[padded.Length + Overhead];
        Span<byte> ephemeralPrivate = stackalloc byte[X25519.PrivateKeySize];
        Span<byte> key = stackalloc byte[ChaCha20Poly1305Aead.KeySize];
        try
        {
            X25519.GeneratePrivateKey(entropy, ephemeralPrivate);
            output[0] = Version;
            var ephemeralPublic = output.AsSpan(1, X25519.PublicKeySize);
            X25519.DerivePublicKey(ephemeralPrivate, ephemeralPublic);

            // An X25519 public key always has its top bit clear; set it at random so that byte is uniform
            // like the rest of a blob (RFC 7748 §5: the peer's X25519 ignores it; salt and AAD use these bytes).
            Span<byte> coin = stackalloc byte[1];
            entropy.Fill(coin);
            ephemeralPublic[X25519.PublicKeySize - 1] |= (byte)(coin[0] & 0x80);
            if (!DeriveKey(ephemeralPrivate, bundle.SignedPrekey, ephemeralPublic, bundle.SignedPrekey, key))
            {
                throw new ArgumentException("The bundle's signed prekey is not a usable X25519 key; verify the bundle first.", nameof(bundle));
            }

            ChaCha20Poly1305Aead.EncryptExtended(key, ZeroNonce, padded, output.AsSpan(0, 1 + X25519.PublicKeySize),
                output.AsSpan(1 + X25519.PublicKeySize));
            return output;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ephemeralPrivate);
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    /// <summary>Tries every retained signed prekey; returns the initial message bytes or a typed error.</summary>
    public static ProtocolResult<byte[]> Open(ResponderPrekeys prekeys, ReadOnlySpan<byte> envelope)
    {
        ArgumentNullException.ThrowIfNull(prekeys);
        if (!RelayLimits.IsBucketSize(envelope.Length))
        {
            return ProtocolError.NotABucketSize;
        }

        var reader = new WireReader(envelope);
        var versionError = reader.TryReadVersion(Version);
        if (versionError != ProtocolError.None)
        {
            return versionError;
        }

        if (!reader.TryReadFixed(X25519.PublicKeySize, out var ephemeralPublic))
        {
            return ProtocolError.Truncated;
        }

        var body = reader.ReadRest();
        var padded = new byte[body.Length - ChaCha20Poly1305Aead.TagSize];
        Span<byte> key = stackalloc byte[ChaCha20Poly1305Aead.KeySize];
        try
        {
            foreach (var generation in prekeys.RetainedGenerations)
            {
                if (DeriveKey(generation.X25519Private, ephemeralPublic, ephemeralPublic, generation.X25519Public, key)
                    && ChaCha20Poly1305Aead.TryDecryptExtended(key, ZeroNonce, body, envelope[..(1 + X25519.PublicKeySize)], padded))
                {
                    return BucketPadding.TryUnpad(padded, Overhead);
                }
            }

            return ProtocolError.DecryptionFailed;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    private static ReadOnlySpan<byte> ZeroNonce => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>HKDF-SHA-256(IKM = DH, salt = ephemeral public ‖ prekey public, info = label).</summary>
    private static bool DeriveKey(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublic, ReadOnlySpan<byte> ephemeralPublic,
        ReadOnlySpan<byte> prekeyPublic, Span<byte> key)
    {
        Span<byte> shared = stackalloc byte[X25519.SharedSecretSize];
        Span<byte> salt = stackalloc byte[2 * X25519.PublicKeySize];
        try
        {
            if (!X25519.TryAgree(privateKey, peerPublic, shared))
            {
                return false;
            }

            ephemeralPublic.CopyTo(salt);
            prekeyPublic.CopyTo(salt[X25519.PublicKeySize..]);
            Kdf.Hkdf(shared, salt, Labels.IntroEnvelope, key);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
        }
    }
}
