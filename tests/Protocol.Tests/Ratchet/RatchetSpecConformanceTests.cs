using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Ratchet;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Ratchet;

/// <summary>
/// Recomputes messages by hand from docs/CRYPTO_SPEC.md part 3 (labels spelled out here, HKDF/HMAC from the BCL)
/// and checks the session produces exactly those bytes.
/// </summary>
public sealed class RatchetSpecConformanceTests
{
    private static readonly byte[] s_rootKey = Filled(0x01);
    private static readonly byte[] s_headerKeyA = Filled(0x02);
    private static readonly byte[] s_nextHeaderKeyB = Filled(0x03);
    private static readonly byte[] s_bobPrekey = Filled(0x04);
    private static readonly byte[] s_alicePrivate = Filled(0x05);
    private static readonly byte[] s_bobPrivate2 = Filled(0x07);
    private static readonly byte[] s_transcript = Filled(0x06);

    [Fact]
    public void Initiator_messages_match_the_spec_byte_for_byte()
    {
        using var alice = RatchetSession.InitializeInitiator(s_rootKey, s_headerKeyA, s_nextHeaderKeyB, PublicOf(s_bobPrekey),
            new FixedEntropy(s_alicePrivate));
        var m0 = alice.Encrypt("hello"u8, s_transcript, new FixedEntropy(Filled(0xEE)));
        var m1 = alice.Encrypt("again"u8, s_transcript, new FixedEntropy(Filled(0xEE)));

        var (_, chainKey, _) = RootKdf(s_rootKey, Dh(s_alicePrivate, PublicOf(s_bobPrekey)));
        var (mk0, ck1) = ChainKdf(chainKey);
        var (mk1, _) = ChainKdf(ck1);
        Assert.Equal(ExpectedMessage(s_headerKeyA, Header(PublicOf(s_alicePrivate), 0, 0), mk0, "hello"u8.ToArray()), m0);
        Assert.Equal(ExpectedMessage(s_headerKeyA, Header(PublicOf(s_alicePrivate), 0, 1), mk1, "again"u8.ToArray()), m1);
    }

    [Fact]
    public void Responder_reply_matches_the_spec_byte_for_byte()
    {
        using var alice = RatchetSession.InitializeInitiator(s_rootKey, s_headerKeyA, s_nextHeaderKeyB, PublicOf(s_bobPrekey),
            new FixedEntropy(s_alicePrivate));
        using var bob = RatchetSession.InitializeResponder(s_rootKey, s_headerKeyA, s_nextHeaderKeyB, s_bobPrekey);
        Assert.True(bob.TryDecrypt(alice.Encrypt("hi"u8, s_transcript, new FixedEntropy(Filled(0xEE))), s_transcript).IsOk);
        var reply = bob.Encrypt("reply"u8, s_transcript, new FixedEntropy(s_bobPrivate2));

        // Bob starts with RK = SK; his receiving DH step reproduces Alice's RK1 (same DH), and his sending
        // step with the new key pair gives his first sending chain.
        var (rk1, _, _) = RootKdf(s_rootKey, Dh(s_bobPrekey, PublicOf(s_alicePrivate)));
        var (_, bobChainKey, _) = RootKdf(rk1, Dh(s_bobPrivate2, PublicOf(s_alicePrivate)));
        var (mk0, _) = ChainKdf(bobChainKey);

        // Bob's first header key is the shared next header key B; PN = 0 (he had sent nothing), N = 0.
        Assert.Equal(ExpectedMessage(s_nextHeaderKeyB, Header(PublicOf(s_bobPrivate2), 0, 0), mk0, "reply"u8.ToArray()), reply);
        Assert.True(alice.TryDecrypt(reply, s_transcript).IsOk);
    }

    [Fact]
    public void A_header_with_a_low_order_ratchet_key_is_refused()
    {
        using var c = new RatchetConversation(71);
        var lowOrder = new byte[32];
        lowOrder[0] = 1; // the neutral element: every shared secret would be zero
        var message = Craft(c.HeaderKeyA, Header(lowOrder, 0, 0), c.AssociatedData);
        var before = c.Bob.Serialize();
        Assert.Equal(ProtocolError.InvalidRatchetMessage, c.Deliver(c.Bob, message).Error);
        Assert.Equal(before, c.Bob.Serialize());
        c.RoundTrip("still fine");
    }

    [Fact]
    public void A_message_number_that_would_overflow_is_refused()
    {
        using var c = new RatchetConversation(72);
        c.Receive(c.Bob, c.Send(c.Alice, "first"), "first");
        var state = c.Bob.Serialize();
        const int receiveCountOffset = 2 + RatchetState.KeyBlockSize + 4;
        BinaryPrimitives.WriteUInt32BigEndian(state.AsSpan(receiveCountOffset), uint.MaxValue);
        using var bob = RatchetSession.Deserialize(state).Value;

        var alicePublic = c.Alice.CurrentRatchetPublicKey.ToArray();
        var message = Craft(c.HeaderKeyA, Header(alicePublic, 0, uint.MaxValue), c.AssociatedData);
        var before = bob.Serialize();
        Assert.Equal(ProtocolError.RatchetCounterOverflow, bob.TryDecrypt(message, c.AssociatedData).Error);
        Assert.Equal(before, bob.Serialize());
    }

    private static byte[] Craft(byte[] headerKey, byte[] header, byte[] transcript)
    {
        var message = new byte[RatchetLimits.MinMessageLength + 4];
        message[0] = RatchetLimits.MessageVersion;
        HeaderEncryption.Seal(headerKey, header, RatchetLimits.MessageVersion, message.AsSpan(1, RatchetLimits.EncryptedHeaderSize), null);
        var ad = Concat(transcript, message.AsSpan(1, RatchetLimits.EncryptedHeaderSize).ToArray());
        MessageSeal.Seal(Filled(0x33), "junk"u8, ad, message.AsSpan(1 + RatchetLimits.EncryptedHeaderSize));
        return message;
    }

    private static byte[] ExpectedMessage(byte[] headerKey, byte[] header, byte[] messageKey, byte[] plaintext)
    {
        var aeadKey = HMACSHA256.HashData(headerKey, Encoding.ASCII.GetBytes("pvtcoms/v1/ratchet-header-key"));
        var nonce = HMACSHA256.HashData(headerKey, Concat(Encoding.ASCII.GetBytes("pvtcoms/v1/ratchet-header-nonce"), header))[..24];
        var sealedHeader = new byte[header.Length + 16];
        ChaCha20Poly1305Aead.EncryptExtended(aeadKey, nonce, header, [1], sealedHeader);
        var encryptedHeader = Concat(nonce, sealedHeader);

        var keyAndNonce = HKDF.DeriveKey(HashAlgorithmName.SHA256, messageKey, 44, [], Encoding.ASCII.GetBytes("pvtcoms/v1/message-seal"));
        var body = new byte[plaintext.Length + 16];
        ChaCha20Poly1305Aead.Encrypt(keyAndNonce[..32], keyAndNonce[32..], plaintext, Concat(s_transcript, encryptedHeader), body);
        return Concat(Concat([1], encryptedHeader), body);
    }

    private static (byte[] RootKey, byte[] ChainKey, byte[] NextHeaderKey) RootKdf(byte[] rootKey, byte[] dh)
    {
        var okm = HKDF.DeriveKey(HashAlgorithmName.SHA256, dh, 96, rootKey, Encoding.ASCII.GetBytes("pvtcoms/v1/ratchet-root"));
        return (okm[..32], okm[32..64], okm[64..]);
    }

    private static (byte[] MessageKey, byte[] NextChainKey) ChainKdf(byte[] chainKey) =>
        (HMACSHA256.HashData(chainKey, new byte[] { 0x01 }), HMACSHA256.HashData(chainKey, new byte[] { 0x02 }));

    private static byte[] Header(byte[] ratchetPublicKey, uint previousChainLength, uint number)
    {
        var header = new byte[40];
        ratchetPublicKey.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(32), previousChainLength);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(36), number);
        return header;
    }

    private static byte[] Dh(byte[] privateKey, byte[] publicKey)
    {
        var shared = new byte[32];
        Assert.True(X25519.TryAgree(privateKey, publicKey, shared));
        return shared;
    }

    private static byte[] PublicOf(byte[] privateKey)
    {
        var publicKey = new byte[32];
        X25519.DerivePublicKey(privateKey, publicKey);
        return publicKey;
    }

    private static byte[] Filled(byte value)
    {
        var bytes = new byte[32];
        Array.Fill(bytes, value);
        return bytes;
    }

    private static byte[] Concat(byte[] a, byte[] b)
    {
        var result = new byte[a.Length + b.Length];
        a.CopyTo(result, 0);
        b.CopyTo(result, a.Length);
        return result;
    }

    /// <summary>Hands out the given bytes (as a 32-byte private key), so the key pair is known to the test.</summary>
    private sealed class FixedEntropy(byte[] bytes) : IEntropy
    {
        public void Fill(Span<byte> destination) => bytes.AsSpan(0, destination.Length).CopyTo(destination);
    }
}
