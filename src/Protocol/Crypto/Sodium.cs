using System.Runtime.InteropServices;

namespace Pvtcoms.Protocol.Crypto;

/// <summary>
/// Direct calls into the libsodium that NSec ships (package <c>libsodium</c>). Used where NSec's
/// guarded <c>Key</c> objects (~25 µs each) would dominate a per-message path, and for the ML-KEM
/// oracle. See docs/adr/0001-primitives-call-libsodium-directly.md.
/// </summary>
internal static partial class Sodium
{
    private const string Library = "libsodium";

    static Sodium()
    {
        if (sodium_init() < 0)
        {
            throw new InvalidOperationException("libsodium failed to initialise.");
        }
    }

    /// <summary>Touching this runs the static constructor, which initialises libsodium once.</summary>
    internal static void EnsureInitialized()
    {
    }

    [LibraryImport(Library)]
    internal static partial int sodium_init();

    // X25519
    [LibraryImport(Library)]
    internal static partial int crypto_scalarmult_curve25519(Span<byte> q, ReadOnlySpan<byte> n, ReadOnlySpan<byte> p);

    [LibraryImport(Library)]
    internal static partial int crypto_scalarmult_curve25519_base(Span<byte> q, ReadOnlySpan<byte> n);

    // Ed25519
    [LibraryImport(Library)]
    internal static partial int crypto_sign_ed25519_seed_keypair(Span<byte> pk, Span<byte> sk, ReadOnlySpan<byte> seed);

    [LibraryImport(Library)]
    internal static partial int crypto_sign_ed25519_detached(Span<byte> sig, out ulong siglen, ReadOnlySpan<byte> m, ulong mlen, ReadOnlySpan<byte> sk);

    [LibraryImport(Library)]
    internal static partial int crypto_sign_ed25519_verify_detached(ReadOnlySpan<byte> sig, ReadOnlySpan<byte> m, ulong mlen, ReadOnlySpan<byte> pk);

    // ChaCha20-Poly1305 (IETF, 96-bit nonce) and XChaCha20-Poly1305 (192-bit nonce)
    [LibraryImport(Library)]
    internal static partial int crypto_aead_chacha20poly1305_ietf_encrypt_detached(
        Span<byte> c, Span<byte> mac, out ulong maclen, ReadOnlySpan<byte> m, ulong mlen,
        ReadOnlySpan<byte> ad, ulong adlen, IntPtr nsec, ReadOnlySpan<byte> npub, ReadOnlySpan<byte> k);

    [LibraryImport(Library)]
    internal static partial int crypto_aead_chacha20poly1305_ietf_decrypt_detached(
        Span<byte> m, IntPtr nsec, ReadOnlySpan<byte> c, ulong clen, ReadOnlySpan<byte> mac,
        ReadOnlySpan<byte> ad, ulong adlen, ReadOnlySpan<byte> npub, ReadOnlySpan<byte> k);

    [LibraryImport(Library)]
    internal static partial int crypto_aead_xchacha20poly1305_ietf_encrypt_detached(
        Span<byte> c, Span<byte> mac, out ulong maclen, ReadOnlySpan<byte> m, ulong mlen,
        ReadOnlySpan<byte> ad, ulong adlen, IntPtr nsec, ReadOnlySpan<byte> npub, ReadOnlySpan<byte> k);

    [LibraryImport(Library)]
    internal static partial int crypto_aead_xchacha20poly1305_ietf_decrypt_detached(
        Span<byte> m, IntPtr nsec, ReadOnlySpan<byte> c, ulong clen, ReadOnlySpan<byte> mac,
        ReadOnlySpan<byte> ad, ulong adlen, ReadOnlySpan<byte> npub, ReadOnlySpan<byte> k);

    // BLAKE2b
    [LibraryImport(Library)]
    internal static partial int crypto_generichash_blake2b(
        Span<byte> @out, nuint outlen, ReadOnlySpan<byte> @in, ulong inlen, ReadOnlySpan<byte> key, nuint keylen);

    // Argon2id
    [LibraryImport(Library)]
    internal static partial int crypto_pwhash(
        Span<byte> @out, ulong outlen, ReadOnlySpan<byte> passwd, ulong passwdlen, ReadOnlySpan<byte> salt,
        ulong opslimit, nuint memlimit, int alg);

    internal const int Argon2id13 = 2;
}
