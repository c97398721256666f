using System.Security.Cryptography;

namespace Pvtcoms.Protocol.Crypto;

/// <summary>HKDF-SHA-256 (RFC 5869) and HMAC-SHA-256 on spans, from System.Security.Cryptography.</summary>
public static class Kdf
{
    public const int HashSize = 32;

    /// <summary>Largest HKDF-SHA-256 output: 255 × 32 bytes.</summary>
    public const int MaxOutputSize = 255 * HashSize;

    public static void Hkdf(ReadOnlySpan<byte> inputKeyMaterial, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, Span<byte> output)
    {
        if (output.Length is 0 or > MaxOutputSize)
        {
            throw new ArgumentException($"HKDF-SHA-256 output must be 1..{MaxOutputSize} bytes.", nameof(output));
        }

        HKDF.DeriveKey(HashAlgorithmName.SHA256, inputKeyMaterial, output, salt, info);
    }

    /// <summary>PRK = HMAC-SHA-256(salt, IKM); <paramref name="prk"/> must be exactly 32 bytes.</summary>
    public static void HkdfExtract(ReadOnlySpan<byte> inputKeyMaterial, ReadOnlySpan<byte> salt, Span<byte> prk)
    {
        // The framework writes 32 bytes into a larger buffer and leaves the rest as it was; refuse that.
        RequireHashSize(prk.Length, nameof(prk));
        HKDF.Extract(HashAlgorithmName.SHA256, inputKeyMaterial, salt, prk);
    }

    public static void HkdfExpand(ReadOnlySpan<byte> prk, ReadOnlySpan<byte> info, Span<byte> output)
    {
        if (output.Length is 0 or > MaxOutputSize)
        {
            throw new ArgumentException($"HKDF-SHA-256 output must be 1..{MaxOutputSize} bytes.", nameof(output));
        }

        HKDF.Expand(HashAlgorithmName.SHA256, prk, output, info);
    }

    /// <summary>Full 32-byte HMAC-SHA-256; <paramref name="mac"/> must be exactly 32 bytes.</summary>
    public static void Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> mac)
    {
        RequireHashSize(mac.Length, nameof(mac));
        HMACSHA256.HashData(key, data, mac);
    }

    /// <summary>Recomputes the MAC (full 32 bytes or a truncation of at least 16) and compares in fixed time.</summary>
    public static bool VerifyHmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> mac)
    {
        if (mac.Length is < 16 or > HashSize)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HashSize];
        HMACSHA256.HashData(key, data, expected);
        var ok = CryptographicOperations.FixedTimeEquals(expected[..mac.Length], mac);
        CryptographicOperations.ZeroMemory(expected);
        return ok;
    }

    /// <summary>SHA-256; <paramref name="digest"/> must be exactly 32 bytes.</summary>
    public static void Sha256(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        RequireHashSize(digest.Length, nameof(digest));
        SHA256.HashData(data, digest);
    }

    private static void RequireHashSize(int actual, string name)
    {
        if (actual != HashSize)
        {
            throw new ArgumentException($"Expected {HashSize} bytes.", name);
        }
    }
}
