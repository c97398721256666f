using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Crypto.Algorithms;

public sealed class MessageSealTests
{
    private static byte[] Key(int seed)
    {
        var key = new byte[MessageSeal.MessageKeySize];
        new DeterministicEntropy(seed).Fill(key);
        return key;
    }

    private static readonly byte[] s_plaintext = "meet at the usual place, 19:00"u8.ToArray();
    private static readonly byte[] s_associatedData = "header: ratchet 3, message 17"u8.ToArray();

    [Property(MaxTest = 200)]
    public Property Sealed_message_opens_to_the_same_plaintext(byte[] plaintext, byte[] associatedData, int keySeed)
    {
        plaintext ??= [];
        associatedData ??= [];
        var key = Key(keySeed);
        var sealedBytes = MessageSeal.Seal(key, plaintext, associatedData);
        var opened = MessageSeal.Open(key, sealedBytes, associatedData);
        return (sealedBytes.Length == plaintext.Length + MessageSeal.Overhead
                && opened.IsOk && opened.Value.AsSpan().SequenceEqual(plaintext)).ToProperty();
    }

    /// <summary>
    /// Pins docs/CRYPTO_SPEC.md part 1: key ‖ nonce = HKDF-SHA-256(IKM = message key, salt = empty,
    /// info = "pvtcoms/v1/message-seal", 44 bytes), then ChaCha20-Poly1305 — recomputed here with the framework's
    /// HKDF and ChaCha20Poly1305 classes rather than our code.
    /// </summary>
    [Fact]
    public void Seal_is_chacha20_poly1305_under_the_hkdf_derived_key_and_nonce()
    {
        var messageKey = Key(1);
        var keyAndNonce = HKDF.DeriveKey(HashAlgorithmName.SHA256, messageKey, 44, [], "pvtcoms/v1/message-seal"u8.ToArray());
        var expected = new byte[s_plaintext.Length + 16];
        if (System.Security.Cryptography.ChaCha20Poly1305.IsSupported)
        {
            using var aead = new System.Security.Cryptography.ChaCha20Poly1305(keyAndNonce[..32]);
            aead.Encrypt(keyAndNonce[32..], s_plaintext, expected.AsSpan(0, s_plaintext.Length), expected.AsSpan(s_plaintext.Length), s_associatedData);
        }
        else
        {
            ChaCha20Poly1305Aead.Encrypt(keyAndNonce[..32], keyAndNonce[32..], s_plaintext, s_associatedData, expected);
        }

        Assert.Equal(Hex.Encode(expected), Hex.Encode(MessageSeal.Seal(messageKey, s_plaintext, s_associatedData)));
    }

    [Fact]
    public void Flipping_any_bit_of_the_ciphertext_or_tag_makes_open_fail()
    {
        var key = Key(2);
        var sealedBytes = MessageSeal.Seal(key, s_plaintext, s_associatedData);
        var checkedBits = 0;
        for (var bit = 0; bit < sealedBytes.Length * 8; bit++)
        {
            var tampered = (byte[])sealedBytes.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Equal(ProtocolError.DecryptionFailed, MessageSeal.Open(key, tampered, s_associatedData).Error);
            checkedBits++;
        }

        Assert.Equal((s_plaintext.Length + 16) * 8, checkedBits);
    }

    [Fact]
    public void Changing_any_byte_of_the_associated_data_makes_open_fail()
    {
        var key = Key(3);
        var sealedBytes = MessageSeal.Seal(key, s_plaintext, s_associatedData);
        for (var i = 0; i < s_associatedData.Length; i++)
        {
            var ad = (byte[])s_associatedData.Clone();
            ad[i] ^= 0x01;
            Assert.Equal(ProtocolError.DecryptionFailed, MessageSeal.Open(key, sealedBytes, ad).Error);
        }

        Assert.Equal(ProtocolError.DecryptionFailed, MessageSeal.Open(key, sealedBytes, s_associatedData[..^1]).Error);
        Assert.Equal(ProtocolError.DecryptionFailed, MessageSeal.Open(key, sealedBytes, []).Error);
    }

    [Fact]
    public void A_different_message_key_does_not_open()
    {
        var sealedBytes = MessageSeal.Seal(Key(4), s_plaintext, s_associatedData);
        Assert.Equal(ProtocolError.DecryptionFailed, MessageSeal.Open(Key(5), sealedBytes, s_associatedData).Error);
    }

    [Fact]
    public void Input_shorter_than_a_tag_is_a_typed_error_not_an_exception()
    {
        var key = Key(6);
        for (var length = 0; length < MessageSeal.Overhead; length++)
        {
            Assert.Equal(ProtocolError.Truncated, MessageSeal.Open(key, new byte[length], s_associatedData).Error);
            Assert.False(MessageSeal.TryOpen(key, new byte[length], s_associatedData, []));
        }

        Assert.Equal(ProtocolError.DecryptionFailed, MessageSeal.Open(key, new byte[MessageSeal.Overhead], s_associatedData).Error);
    }

    [Fact]
    public void Try_open_clears_the_plaintext_buffer_when_the_tag_is_wrong()
    {
        var key = Key(7);
        var sealedBytes = MessageSeal.Seal(key, s_plaintext, s_associatedData);
        sealedBytes[0] ^= 1;
        var plaintext = new byte[s_plaintext.Length];
        Array.Fill(plaintext, (byte)0xAA);
        Assert.False(MessageSeal.TryOpen(key, sealedBytes, s_associatedData, plaintext));
        Assert.Equal(new byte[s_plaintext.Length], plaintext);
    }

    [Fact]
    public void A_message_key_of_the_wrong_size_is_a_caller_bug()
    {
        Assert.Throws<ArgumentException>(() => MessageSeal.Seal(new byte[31], s_plaintext, s_associatedData));
        Assert.Throws<ArgumentException>(() => MessageSeal.Open(new byte[33], new byte[40], s_associatedData));
    }
}
