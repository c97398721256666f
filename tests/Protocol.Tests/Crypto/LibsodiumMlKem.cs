using System.Runtime.InteropServices;

namespace Pvtcoms.Protocol.Tests.Crypto;

/// <summary>
/// libsodium 1.0.22's own ML-KEM-768 (the native library NSec ships), called directly: the independent
/// implementation our BouncyCastle-based <c>MlKem768</c> is checked against. Test project only.
/// </summary>
internal static partial class LibsodiumMlKem
{
    private const string Library = "libsodium";

    static LibsodiumMlKem()
    {
        if (sodium_init() < 0)
        {
            throw new InvalidOperationException("libsodium failed to initialise.");
        }
    }

    public static int PublicKeyBytes => (int)crypto_kem_mlkem768_publickeybytes();

    public static int SecretKeyBytes => (int)crypto_kem_mlkem768_secretkeybytes();

    public static int CiphertextBytes => (int)crypto_kem_mlkem768_ciphertextbytes();

    public static int SharedSecretBytes => (int)crypto_kem_mlkem768_sharedsecretbytes();

    public static int SeedBytes => (int)crypto_kem_mlkem768_seedbytes();

    /// <summary>KeyGen_internal(d, z) from seed = d‖z (64 bytes).</summary>
    public static void SeedKeyPair(ReadOnlySpan<byte> seed, Span<byte> publicKey, Span<byte> secretKey) =>
        Check(crypto_kem_mlkem768_seed_keypair(publicKey, secretKey, seed));

    /// <summary>Encaps_internal(ek, m) with the 32-byte m; false when libsodium refuses the key.</summary>
    public static bool TryEncapsulateDeterministic(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> m, Span<byte> ciphertext, Span<byte> sharedSecret) =>
        crypto_kem_mlkem768_enc_deterministic(ciphertext, sharedSecret, publicKey, m) == 0;

    public static void Decapsulate(ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> secretKey, Span<byte> sharedSecret) =>
        Check(crypto_kem_mlkem768_dec(sharedSecret, ciphertext, secretKey));

    private static void Check(int rc)
    {
        if (rc != 0)
        {
            throw new InvalidOperationException("libsodium ML-KEM call failed: " + rc);
        }
    }

    [LibraryImport(Library)]
    private static partial int sodium_init();

    [LibraryImport(Library)]
    private static partial nuint crypto_kem_mlkem768_publickeybytes();

    [LibraryImport(Library)]
    private static partial nuint crypto_kem_mlkem768_secretkeybytes();

    [LibraryImport(Library)]
    private static partial nuint crypto_kem_mlkem768_ciphertextbytes();

    [LibraryImport(Library)]
    private static partial nuint crypto_kem_mlkem768_sharedsecretbytes();

    [LibraryImport(Library)]
    private static partial nuint crypto_kem_mlkem768_seedbytes();

    [LibraryImport(Library)]
    private static partial int crypto_kem_mlkem768_seed_keypair(Span<byte> pk, Span<byte> sk, ReadOnlySpan<byte> seed);

    [LibraryImport(Library)]
    private static partial int crypto_kem_mlkem768_enc_deterministic(Span<byte> ct, Span<byte> ss, ReadOnlySpan<byte> pk, ReadOnlySpan<byte> seed);

    [LibraryImport(Library)]
    private static partial int crypto_kem_mlkem768_dec(Span<byte> ss, ReadOnlySpan<byte> ct, ReadOnlySpan<byte> sk);
}
