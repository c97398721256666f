using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Pvtcoms.Protocol.Crypto;

/// <summary>
/// ML-KEM-768 (FIPS 203) on BouncyCastle, with every random input handed in: key generation from the
/// 64-byte seed d‖z, encapsulation from the 32-byte message m. Keys travel as their FIPS 203 encodings.
/// </summary>
public static class MlKem768
{
    public const int SeedSize = 64;
    public const int EncapsulationRandomSize = 32;
    public const int EncapsulationKeySize = 1184;
    public const int DecapsulationKeySize = 2400;
    public const int CiphertextSize = 1088;
    public const int SharedSecretSize = 32;

    private static MLKemParameters Parameters => MLKemParameters.ml_kem_768;

    /// <summary>Deterministic ML-KEM.KeyGen_internal(d, z) with seed = d‖z.</summary>
    public static void GenerateKeyPair(ReadOnlySpan<byte> seed, Span<byte> encapsulationKey, Span<byte> decapsulationKey)
    {
        BufferGuard.RequireLength(seed.Length, SeedSize, nameof(seed));
        BufferGuard.RequireLength(encapsulationKey.Length, EncapsulationKeySize, nameof(encapsulationKey));
        BufferGuard.RequireLength(decapsulationKey.Length, DecapsulationKeySize, nameof(decapsulationKey));
        var seedCopy = seed.ToArray();
        try
        {
            var privateKey = MLKemPrivateKeyParameters.FromSeed(Parameters, seedCopy, MLKemPrivateKeyParameters.Format.EncodingOnly);
            var dk = privateKey.GetEncoded();
            var ek = privateKey.GetPublicKeyEncoded();
            dk.CopyTo(decapsulationKey);
            ek.CopyTo(encapsulationKey);
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(dk);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(seedCopy);
        }
    }

    /// <summary>Generates a key pair from fresh entropy.</summary>
    public static void GenerateKeyPair(IEntropy entropy, Span<byte> encapsulationKey, Span<byte> decapsulationKey)
    {
        ArgumentNullException.ThrowIfNull(entropy);
        Span<byte> seed = stackalloc byte[SeedSize];
        try
        {
            entropy.Fill(seed);
            GenerateKeyPair(seed, encapsulationKey, decapsulationKey);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>
    /// Deterministic ML-KEM.Encaps_internal(ek, m). Returns false when the encapsulation key is the wrong
    /// length or fails the FIPS 203 §7.2 modulus check — an attacker's key, never an exception.
    /// </summary>
    public static bool TryEncapsulate(ReadOnlySpan<byte> encapsulationKey, ReadOnlySpan<byte> randomness,
        Span<byte> ciphertext, Span<byte> sharedSecret)
    {
        BufferGuard.RequireLength(randomness.Length, EncapsulationRandomSize, nameof(randomness));
        BufferGuard.RequireLength(ciphertext.Length, CiphertextSize, nameof(ciphertext));
        BufferGuard.RequireLength(sharedSecret.Length, SharedSecretSize, nameof(sharedSecret));
        if (encapsulationKey.Length != EncapsulationKeySize || !IsEncapsulationKeyValid(encapsulationKey))
        {
            ciphertext.Clear();
            sharedSecret.Clear();
            return false;
        }

        var publicKey = MLKemPublicKeyParameters.FromEncoding(Parameters, encapsulationKey.ToArray());
        var encapsulator = new MLKemEncapsulator(Parameters);
        encapsulator.Init(new ParametersWithRandom(publicKey, new HandedRandom(randomness)));
        encapsulator.Encapsulate(ciphertext, sharedSecret);
        return true;
    }

    public static bool TryEncapsulate(IEntropy entropy, ReadOnlySpan<byte> encapsulationKey, Span<byte> ciphertext, Span<byte> sharedSecret)
    {
        ArgumentNullException.ThrowIfNull(entropy);
        Span<byte> m = stackalloc byte[EncapsulationRandomSize];
        try
        {
            entropy.Fill(m);
            return TryEncapsulate(encapsulationKey, m, ciphertext, sharedSecret);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(m);
        }
    }

    /// <summary>
    /// ML-KEM.Decaps. A modified ciphertext yields the implicit-rejection key (as FIPS 203 requires), so
    /// only a wrong-length input is refused; the caller's transcript MAC/AEAD then fails.
    /// </summary>
    public static bool TryDecapsulate(ReadOnlySpan<byte> decapsulationKey, ReadOnlySpan<byte> ciphertext, Span<byte> sharedSecret)
    {
        BufferGuard.RequireLength(sharedSecret.Length, SharedSecretSize, nameof(sharedSecret));
        if (decapsulationKey.Length != DecapsulationKeySize || ciphertext.Length != CiphertextSize)
        {
            sharedSecret.Clear();
            return false;
        }

        var dkCopy = decapsulationKey.ToArray();
        try
        {
            var privateKey = MLKemPrivateKeyParameters.FromEncoding(Parameters, dkCopy);
            var decapsulator = new MLKemDecapsulator(Parameters);
            decapsulator.Init(privateKey);
            decapsulator.Decapsulate(ciphertext, sharedSecret);
            return true;
        }
        catch (ArgumentException)
        {
            // BouncyCastle refuses a decapsulation key whose embedded H(ek) does not match (FIPS 203 §7.3).
            sharedSecret.Clear();
            return false;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(dkCopy);
        }
    }

    /// <summary>FIPS 203 §7.2 modulus check: every 12-bit coefficient of ek's t̂ is below q = 3329.</summary>
    public static bool IsEncapsulationKeyValid(ReadOnlySpan<byte> encapsulationKey)
    {
        if (encapsulationKey.Length != EncapsulationKeySize)
        {
            return false;
        }

        const int q = 3329;
        var polyBytes = encapsulationKey[..(EncapsulationKeySize - 32)];
        var bad = 0;
        for (var i = 0; i + 3 <= polyBytes.Length; i += 3)
        {
            var c0 = polyBytes[i] | ((polyBytes[i + 1] & 0x0F) << 8);
            var c1 = (polyBytes[i + 1] >> 4) | (polyBytes[i + 2] << 4);
            bad |= (q - 1 - c0) >> 31;
            bad |= (q - 1 - c1) >> 31;
        }

        return bad == 0;
    }

    /// <summary>Feeds BouncyCastle exactly the bytes the caller handed in, once.</summary>
    private sealed class HandedRandom : SecureRandom
    {
        private readonly byte[] _bytes;
        private int _offset;

        public HandedRandom(ReadOnlySpan<byte> bytes)
            : base(null!)
        {
            _bytes = bytes.ToArray();
        }

        public override void NextBytes(byte[] buf) => NextBytes(buf, 0, buf.Length);

        public override void NextBytes(byte[] buf, int off, int len) => NextBytes(buf.AsSpan(off, len));

        public override void NextBytes(Span<byte> buffer)
        {
            if (_offset + buffer.Length > _bytes.Length)
            {
                throw new InvalidOperationException("ML-KEM asked for more randomness than was handed in.");
            }

            _bytes.AsSpan(_offset, buffer.Length).CopyTo(buffer);
            _offset += buffer.Length;
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(_bytes.AsSpan(_offset - buffer.Length, buffer.Length));
        }
    }
}
