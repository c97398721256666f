using System.Runtime.InteropServices;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Ratchet;

/// <summary>
/// HMAC-SHA-256 with a 32-byte key through libsodium's <c>crypto_auth_hmacsha256</c> (standard HMAC,
/// RFC 2104): about five times cheaper per call than the BCL one-shot, which matters because the ratchet
/// computes four to seven HMACs per message. Outputs are identical to <see cref="Kdf.Hmac"/> (checked by
/// RatchetSpecConformanceTests, which recomputes every value with the BCL).
/// </summary>
internal static partial class RatchetHmac
{
    public const int KeySize = 32;

    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> mac)
    {
        if (key.Length != KeySize || mac.Length != Kdf.HashSize)
        {
            throw new ArgumentException("HMAC-SHA-256 here takes a 32-byte key and a 32-byte output.");
        }

        Sodium.EnsureInitialized();
        if (crypto_auth_hmacsha256(mac, data, (ulong)data.Length, key) != 0)
        {
            throw new InvalidOperationException("HMAC-SHA-256 failed.");
        }
    }

    [LibraryImport("libsodium")]
    private static partial int crypto_auth_hmacsha256(Span<byte> output, ReadOnlySpan<byte> input, ulong inputLength,
        ReadOnlySpan<byte> key);
}
