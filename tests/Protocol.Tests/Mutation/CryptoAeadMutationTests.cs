using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// Sizes libsodium cannot check itself (it takes raw pointers: a 12- or 24-byte nonce, a 16-byte tag) are
/// checked by us. An over-long nonce whose prefix is the right nonce, or bytes after a valid tag, would
/// authenticate if they reached libsodium; they must be refused.
/// </summary>
public sealed class CryptoAeadMutationTests
{
    private static readonly byte[] s_key = AeadTestBytes.Filled(ChaCha20Poly1305Aead.KeySize, 0x51);
    private static readonly byte[] s_nonce = AeadTestBytes.Filled(ChaCha20Poly1305Aead.NonceSize, 0x52);
    private static readonly byte[] s_xnonce = AeadTestBytes.Filled(ChaCha20Poly1305Aead.XNonceSize, 0x53);
    private static readonly byte[] s_plaintext = AeadTestBytes.Filled(37, 0x54);
    private static readonly byte[] s_aad = [9, 8, 7];

    [Fact]
    public void A_nonce_one_byte_too_long_is_refused_even_when_it_starts_with_the_right_nonce()
    {
        var sealedBytes = Seal(extended: false);
        var plaintext = AeadTestBytes.Filled(s_plaintext.Length, 0xEE);
        Assert.False(ChaCha20Poly1305Aead.TryDecrypt(s_key, [.. s_nonce, 0x00], sealedBytes, s_aad, plaintext));
        Assert.All(plaintext, b => Assert.Equal(0, b));

        Assert.True(ChaCha20Poly1305Aead.TryDecrypt(s_key, s_nonce, sealedBytes, s_aad, plaintext));
        Assert.Equal(s_plaintext, plaintext);
    }

    [Fact]
    public void An_extended_nonce_one_byte_too_long_is_refused_even_when_it_starts_with_the_right_nonce()
    {
        var sealedBytes = Seal(extended: true);
        var plaintext = AeadTestBytes.Filled(s_plaintext.Length, 0xEE);
        Assert.False(ChaCha20Poly1305Aead.TryDecryptExtended(s_key, [.. s_xnonce, 0x00], sealedBytes, s_aad, plaintext));
        Assert.All(plaintext, b => Assert.Equal(0, b));

        Assert.True(ChaCha20Poly1305Aead.TryDecryptExtended(s_key, s_xnonce, sealedBytes, s_aad, plaintext));
        Assert.Equal(s_plaintext, plaintext);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 16)]
    [InlineData(true, 1)]
    [InlineData(true, 16)]
    public void Bytes_after_a_valid_tag_are_refused_when_the_plaintext_buffer_fits_the_ciphertext_before_them(bool extended, int extra)
    {
        byte[] withTrailer = [.. Seal(extended), .. AeadTestBytes.Filled(extra, 0xA5)];
        var plaintext = AeadTestBytes.Filled(s_plaintext.Length, 0xEE);
        var nonce = extended ? s_xnonce : s_nonce;
        var opened = extended
            ? ChaCha20Poly1305Aead.TryDecryptExtended(s_key, nonce, withTrailer, s_aad, plaintext)
            : ChaCha20Poly1305Aead.TryDecrypt(s_key, nonce, withTrailer, s_aad, plaintext);
        Assert.False(opened);
        Assert.All(plaintext, b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void Message_seal_refuses_a_destination_of_the_wrong_size_without_touching_it(int delta)
    {
        var messageKey = AeadTestBytes.Filled(MessageSeal.MessageKeySize, 0x61);
        var sealedBytes = MessageSeal.Seal(messageKey, s_plaintext, s_aad);
        var destination = AeadTestBytes.Filled(s_plaintext.Length + delta, 0xEE);
        Assert.False(MessageSeal.TryOpen(messageKey, sealedBytes, s_aad, destination));
        Assert.All(destination, b => Assert.Equal(0xEE, b));

        var exact = new byte[s_plaintext.Length];
        Assert.True(MessageSeal.TryOpen(messageKey, sealedBytes, s_aad, exact));
        Assert.Equal(s_plaintext, exact);
    }

    private static byte[] Seal(bool extended) => AeadTestBytes.Seal(s_key, s_nonce, s_xnonce, s_plaintext, s_aad, extended);
}
