using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Protocol.Sessions;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// Alice and Bob for the Sessions mutation tests, plus an independent implementation of the intro envelope
/// from docs/CRYPTO_SPEC.md part 6 §1, built from the Crypto primitives only (so a test can seal what the
/// code must open, and open what the code sealed, without going through <see cref="IntroEnvelope"/>).
/// </summary>
internal static class FirstContactMutationParties
{
    public const int EnvelopeOverhead = 1 + 32 + 16;

    public static byte[] IdentitySeed(int n)
    {
        var seed = new byte[32];
        new DeterministicEntropy(7700 + n).Fill(seed);
        return seed;
    }

    /// <summary>Bob's prekeys (with one-time prekeys) and the bundle Alice gets from his invite.</summary>
    public static (ResponderPrekeys Prekeys, PrekeyBundle Bundle) Bob(IEntropy entropy)
    {
        var prekeys = ResponderPrekeys.Generate(IdentitySeed(2), 2, entropy);
        return (prekeys, PrekeyBundle.Parse(prekeys.CreateBundle().Serialize()).Value);
    }

    /// <summary>A session pair after first contact; the caller disposes all three.</summary>
    public static (ResponderPrekeys Prekeys, EstablishedSession Alice, EstablishedSession Bob) Established(IEntropy entropy)
    {
        var (prekeys, bundle) = Bob(entropy);
        var (envelope, alice) = FirstContact.Initiate(IdentitySeed(1), bundle, "hello"u8, entropy).Value;
        var bob = FirstContact.Accept(prekeys, envelope, entropy).Value.Session;
        return (prekeys, alice, bob);
    }

    /// <summary>The spec's envelope key: HKDF-SHA-256(X25519(e, SPK), salt = E ‖ SPK, info = intro-envelope label).</summary>
    public static byte[] EnvelopeKey(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublic, ReadOnlySpan<byte> ephemeralPublic,
        ReadOnlySpan<byte> prekeyPublic)
    {
        var shared = new byte[32];
        Assert.True(X25519.TryAgree(privateKey, peerPublic, shared));
        var key = new byte[32];
        Kdf.Hkdf(shared, [.. ephemeralPublic, .. prekeyPublic], "pvtcoms/v1/intro-envelope"u8, key);
        return key;
    }

    /// <summary>Seals <paramref name="initialMessage"/> to <paramref name="signedPrekey"/> exactly as the spec says.</summary>
    public static byte[] SealPerSpec(ReadOnlySpan<byte> signedPrekey, ReadOnlySpan<byte> initialMessage, IEntropy entropy)
    {
        var ephemeralPrivate = new byte[32];
        X25519.GeneratePrivateKey(entropy, ephemeralPrivate);
        var ephemeralPublic = new byte[32];
        X25519.DerivePublicKey(ephemeralPrivate, ephemeralPublic);
        var key = EnvelopeKey(ephemeralPrivate, signedPrekey, ephemeralPublic, signedPrekey);
        return SealUnder(key, ephemeralPublic, BucketPadding.Pad(initialMessage, EnvelopeOverhead));
    }

    /// <summary>0x01 ‖ E ‖ XChaCha20-Poly1305(key, 24 zero bytes, AAD = 0x01 ‖ E, padded).</summary>
    public static byte[] SealUnder(ReadOnlySpan<byte> key, ReadOnlySpan<byte> ephemeralPublic, ReadOnlySpan<byte> padded)
    {
        var envelope = new byte[padded.Length + EnvelopeOverhead];
        envelope[0] = 1;
        ephemeralPublic.CopyTo(envelope.AsSpan(1, 32));
        ChaCha20Poly1305Aead.EncryptExtended(key, new byte[24], padded, envelope.AsSpan(0, 33), envelope.AsSpan(33));
        return envelope;
    }

    /// <summary>Opens an envelope with the responder's current signed prekey private key, per the spec; null if it does not open.</summary>
    public static byte[]? OpenPerSpec(ResponderPrekeys prekeys, ReadOnlySpan<byte> envelope)
    {
        var generation = prekeys.RetainedGenerations.First();
        var ephemeralPublic = envelope.Slice(1, 32);
        var key = EnvelopeKey(generation.X25519Private, ephemeralPublic, ephemeralPublic, generation.X25519Public);
        var padded = new byte[envelope.Length - EnvelopeOverhead];
        if (!ChaCha20Poly1305Aead.TryDecryptExtended(key, new byte[24], envelope[33..], envelope[..33], padded))
        {
            return null;
        }

        return BucketPadding.TryUnpad(padded, EnvelopeOverhead).Value;
    }
}
