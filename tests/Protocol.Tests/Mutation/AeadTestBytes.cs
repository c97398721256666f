using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>Fixed test inputs for the AEAD tests: a byte array of one value, and a sealed sample in either nonce size.</summary>
internal static class AeadTestBytes
{
    public static byte[] Filled(int length, byte value)
    {
        var bytes = new byte[length];
        Array.Fill(bytes, value);
        return bytes;
    }

    /// <summary>ChaCha20-Poly1305 (12-byte nonce) or, with <paramref name="extended"/>, XChaCha20-Poly1305 (24-byte nonce).</summary>
    public static byte[] Seal(byte[] key, byte[] nonce, byte[] xnonce, byte[] plaintext, byte[] aad, bool extended)
    {
        var output = new byte[plaintext.Length + ChaCha20Poly1305Aead.TagSize];
        if (extended)
        {
            ChaCha20Poly1305Aead.EncryptExtended(key, xnonce, plaintext, aad, output);
        }
        else
        {
            ChaCha20Poly1305Aead.Encrypt(key, nonce, plaintext, aad, output);
        }

        return output;
    }
}
