using System.Runtime.InteropServices;

namespace Pvtcoms.Protocol.Tests.Crypto;

/// <summary>
/// The raw ChaCha20 stream and Poly1305 one-time authenticator from libsodium, so the RFC 8439 block,
/// keystream and Poly1305 vectors can be checked below the AEAD our code exposes. Test project only.
/// </summary>
internal static partial class LibsodiumReference
{
    private const string Library = "libsodium";

    static LibsodiumReference()
    {
        if (sodium_init() < 0)
        {
            throw new InvalidOperationException("libsodium failed to initialise.");
        }
    }

    /// <summary>ChaCha20 (IETF: 96-bit nonce, 32-bit counter) XOR of <paramref name="input"/> starting at block <paramref name="counter"/>.</summary>
    public static void ChaCha20Xor(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, uint counter, ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (key.Length != 32 || nonce.Length != 12 || output.Length != input.Length)
        {
            throw new ArgumentException("ChaCha20 needs a 32-byte key, a 12-byte nonce and equal lengths.");
        }

        _ = crypto_stream_chacha20_ietf_xor_ic(output, input, (ulong)input.Length, nonce, counter, key);
    }

    public static byte[] Poly1305(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("Poly1305 needs a 32-byte one-time key.", nameof(key));
        }

        var tag = new byte[16];
        _ = crypto_onetimeauth_poly1305(tag, message, (ulong)message.Length, key);
        return tag;
    }

    [LibraryImport(Library)]
    private static partial int sodium_init();

    [LibraryImport(Library)]
    private static partial int crypto_stream_chacha20_ietf_xor_ic(Span<byte> c, ReadOnlySpan<byte> m, ulong mlen, ReadOnlySpan<byte> n, uint ic, ReadOnlySpan<byte> k);

    [LibraryImport(Library)]
    private static partial int crypto_onetimeauth_poly1305(Span<byte> @out, ReadOnlySpan<byte> @in, ulong inlen, ReadOnlySpan<byte> k);
}
