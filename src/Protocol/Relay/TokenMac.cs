using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Relay;

/// <summary>HKDF a token key from a secret under a key label, MAC the token input with it, wipe the key.</summary>
internal static class TokenMac
{
    public static void Compute(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> keyLabel, ReadOnlySpan<byte> input, Span<byte> token)
    {
        Span<byte> key = stackalloc byte[Kdf.HashSize];
        try
        {
            Kdf.Hkdf(secret, ReadOnlySpan<byte>.Empty, keyLabel, key);
            Kdf.Hmac(key, input, token);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
