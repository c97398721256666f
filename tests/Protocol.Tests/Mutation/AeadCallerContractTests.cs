using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// The caller contract of <see cref="ChaCha20Poly1305Aead"/>: buffers the caller sized wrongly throw on encrypt,
/// while every wrong size on the decrypt side is a plain refusal that leaves the plaintext buffer cleared.
/// </summary>
public sealed class AeadCallerContractTests
{
    private static readonly byte[] s_key = AeadTestBytes.Filled(ChaCha20Poly1305Aead.KeySize, 0x11);
    private static readonly byte[] s_nonce = AeadTestBytes.Filled(ChaCha20Poly1305Aead.NonceSize, 0x22);
    private static readonly byte[] s_xnonce = AeadTestBytes.Filled(ChaCha20Poly1305Aead.XNonceSize, 0x33);
    private static readonly byte[] s_plaintext = AeadTestBytes.Filled(40, 0x44);
    private static readonly byte[] s_aad = [1, 2, 3];

    [Fact]
    public void Encrypting_with_a_key_of_the_wrong_size_is_a_caller_bug()
    {
        var output = new byte[s_plaintext.Length + ChaCha20Poly1305Aead.TagSize];
        Assert.Throws<ArgumentException>(() => ChaCha20Poly1305Aead.Encrypt(new byte[31], s_nonce, s_plaintext, s_aad, output));
        Assert.Throws<ArgumentException>(() => ChaCha20Poly1305Aead.EncryptExtended(new byte[33], s_xnonce, s_plaintext, s_aad, output));
    }

    [Fact]
    public void Encrypting_with_the_other_variant_s_nonce_size_is_a_caller_bug()
    {
        var output = new byte[s_plaintext.Length + ChaCha20Poly1305Aead.TagSize];
        Assert.Throws<ArgumentException>(() => ChaCha20Poly1305Aead.Encrypt(s_key, s_xnonce, s_plaintext, s_aad, output));
        Assert.Throws<ArgumentException>(() => ChaCha20Poly1305Aead.EncryptExtended(s_key, s_nonce, s_plaintext, s_aad, output));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(-ChaCha20Poly1305Aead.TagSize)]
    public void Encrypting_into_a_destination_not_exactly_plaintext_plus_tag_is_a_caller_bug(int delta)
    {
        var output = new byte[s_plaintext.Length + ChaCha20Poly1305Aead.TagSize + delta];
        Assert.Throws<ArgumentException>(() => ChaCha20Poly1305Aead.Encrypt(s_key, s_nonce, s_plaintext, s_aad, output));
    }

    [Fact]
    public void In_place_encryption_at_the_same_offset_works_and_a_shifted_overlap_is_refused()
    {
        var expected = new byte[s_plaintext.Length + ChaCha20Poly1305Aead.TagSize];
        ChaCha20Poly1305Aead.Encrypt(s_key, s_nonce, s_plaintext, s_aad, expected);

        var buffer = new byte[s_plaintext.Length + ChaCha20Poly1305Aead.TagSize + 1];
        s_plaintext.CopyTo(buffer, 0);
        ChaCha20Poly1305Aead.Encrypt(s_key, s_nonce, buffer.AsSpan(0, s_plaintext.Length), s_aad,
            buffer.AsSpan(0, expected.Length));
        Assert.Equal(expected, buffer[..expected.Length]);

        s_plaintext.CopyTo(buffer, 1);
        Assert.Throws<ArgumentException>(() => ChaCha20Poly1305Aead.Encrypt(s_key, s_nonce,
            buffer.AsSpan(1, s_plaintext.Length), s_aad, buffer.AsSpan(0, expected.Length)));
    }

    [Fact]
    public void Decrypting_with_a_key_of_the_wrong_size_is_a_caller_bug()
    {
        var sealedBytes = Seal(extended: false);
        Assert.Throws<ArgumentException>(() => ChaCha20Poly1305Aead.TryDecrypt(new byte[31], s_nonce, sealedBytes, s_aad,
            new byte[s_plaintext.Length]));
        Assert.Throws<ArgumentException>(() => ChaCha20Poly1305Aead.TryDecryptExtended(new byte[33], s_xnonce, Seal(extended: true),
            s_aad, new byte[s_plaintext.Length]));
    }

    [Fact]
    public void Decrypting_with_the_other_variant_s_nonce_is_refused_and_clears_the_plaintext()
    {
        var plaintext = AeadTestBytes.Filled(s_plaintext.Length, 0xEE);
        Assert.False(ChaCha20Poly1305Aead.TryDecrypt(s_key, s_xnonce, Seal(extended: false), s_aad, plaintext));
        Assert.All(plaintext, b => Assert.Equal(0, b));

        plaintext = AeadTestBytes.Filled(s_plaintext.Length, 0xEE);
        Assert.False(ChaCha20Poly1305Aead.TryDecryptExtended(s_key, s_nonce, Seal(extended: true), s_aad, plaintext));
        Assert.All(plaintext, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Decrypting_input_shorter_than_a_tag_is_refused_and_clears_the_plaintext()
    {
        var plaintext = AeadTestBytes.Filled(0, 0xEE);
        Assert.False(ChaCha20Poly1305Aead.TryDecrypt(s_key, s_nonce, new byte[ChaCha20Poly1305Aead.TagSize - 1], s_aad, plaintext));
        Assert.False(ChaCha20Poly1305Aead.TryDecrypt(s_key, s_nonce, [], s_aad, plaintext));
    }

    [Fact]
    public void A_bare_tag_over_an_empty_plaintext_decrypts()
    {
        var sealedBytes = new byte[ChaCha20Poly1305Aead.TagSize];
        ChaCha20Poly1305Aead.Encrypt(s_key, s_nonce, [], s_aad, sealedBytes);
        Assert.True(ChaCha20Poly1305Aead.TryDecrypt(s_key, s_nonce, sealedBytes, s_aad, []));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void Decrypting_into_a_plaintext_buffer_of_the_wrong_size_is_refused_and_clears_it(int delta)
    {
        var plaintext = AeadTestBytes.Filled(s_plaintext.Length + delta, 0xEE);
        Assert.False(ChaCha20Poly1305Aead.TryDecrypt(s_key, s_nonce, Seal(extended: false), s_aad, plaintext));
        Assert.All(plaintext, b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_failed_tag_check_clears_the_plaintext_in_both_variants()
    {
        var tampered = Seal(extended: true);
        tampered[^1] ^= 1;
        var plaintext = AeadTestBytes.Filled(s_plaintext.Length, 0xEE);
        Assert.False(ChaCha20Poly1305Aead.TryDecryptExtended(s_key, s_xnonce, tampered, s_aad, plaintext));
        Assert.All(plaintext, b => Assert.Equal(0, b));

        var opened = new byte[s_plaintext.Length];
        Assert.True(ChaCha20Poly1305Aead.TryDecryptExtended(s_key, s_xnonce, Seal(extended: true), s_aad, opened));
        Assert.Equal(s_plaintext, opened);
    }

    private static byte[] Seal(bool extended) => AeadTestBytes.Seal(s_key, s_nonce, s_xnonce, s_plaintext, s_aad, extended);
}
