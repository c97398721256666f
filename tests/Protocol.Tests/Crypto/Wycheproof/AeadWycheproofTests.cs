using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Tests.Crypto.Wycheproof;

public sealed class AeadWycheproofTests
{
    private delegate void Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext,
        ReadOnlySpan<byte> associatedData, Span<byte> ciphertextAndTag);

    private delegate bool TryDecrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertextAndTag,
        ReadOnlySpan<byte> associatedData, Span<byte> plaintext);

    [Fact]
    public void ChaCha20Poly1305_passes_every_wycheproof_case() =>
        WycheproofFile.Load("chacha20_poly1305_test.json").CheckAll(325,
            c => Check(c, ChaCha20Poly1305Aead.NonceSize, ChaCha20Poly1305Aead.Encrypt, ChaCha20Poly1305Aead.TryDecrypt));

    [Fact]
    public void XChaCha20Poly1305_passes_every_wycheproof_case() =>
        WycheproofFile.Load("xchacha20_poly1305_test.json").CheckAll(315,
            c => Check(c, ChaCha20Poly1305Aead.XNonceSize, ChaCha20Poly1305Aead.EncryptExtended, ChaCha20Poly1305Aead.TryDecryptExtended));

    /// <summary>
    /// valid: encryption gives exactly ct‖tag and decryption gives back msg.
    /// invalid (ModifiedTag, InvalidNonceSize): decryption returns false and leaves the plaintext buffer zeroed;
    /// encryption with a wrong-size nonce is a caller bug and throws ArgumentException.
    /// </summary>
    private static string? Check(WycheproofCase c, int nonceSize, Encrypt encrypt, TryDecrypt tryDecrypt)
    {
        var key = c.Bytes("key");
        var nonce = c.Bytes("iv");
        var aad = c.Bytes("aad");
        var msg = c.Bytes("msg");
        var sealedBytes = c.Bytes("ct").Concat(c.Bytes("tag")).ToArray();
        if (nonce.Length * 8 != c.GroupInt("ivSize"))
        {
            return "iv length disagrees with the group's ivSize";
        }

        var plaintext = new byte[msg.Length];
        Array.Fill(plaintext, (byte)0xAA);
        var opened = tryDecrypt(key, nonce, sealedBytes, aad, plaintext);

        if (c.IsValid)
        {
            var output = new byte[msg.Length + ChaCha20Poly1305Aead.TagSize];
            encrypt(key, nonce, msg, aad, output);
            if (!output.AsSpan().SequenceEqual(sealedBytes))
            {
                return "encryption differs from ct‖tag";
            }

            return opened && plaintext.AsSpan().SequenceEqual(msg) ? null : "valid ciphertext did not decrypt to msg";
        }

        if (opened)
        {
            return "invalid ciphertext was accepted";
        }

        if (plaintext.Any(b => b != 0))
        {
            return "plaintext buffer was not cleared on failure";
        }

        if (c.HasFlag("InvalidNonceSize"))
        {
            if (nonce.Length == nonceSize)
            {
                return "InvalidNonceSize case has our nonce size";
            }

            try
            {
                encrypt(key, nonce, msg, aad, new byte[msg.Length + ChaCha20Poly1305Aead.TagSize]);
                return "encryption accepted a wrong-size nonce";
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        return c.HasFlag("ModifiedTag") ? null : "invalid case with an unexpected flag";
    }
}
