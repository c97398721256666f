using System.Security.Cryptography;

namespace Pvtcoms.Actors.Tor.Control;

/// <summary>
/// SAFECOOKIE (control-spec §3.24): both sides prove knowledge of the 32-byte cookie with HMAC-SHA256 over
/// cookie ‖ client nonce ‖ server nonce under two fixed keys, so a process that merely pretends to be tor
/// on the port learns nothing it could replay, and we check tor's proof before sending ours.
/// </summary>
public static class SafeCookie
{
    public const int CookieLength = 32;
    public const int NonceLength = 32;
    public const int HashLength = 32;

    public static ReadOnlySpan<byte> ServerToControllerKey => "Tor safe cookie authentication server-to-controller hash"u8;

    public static ReadOnlySpan<byte> ControllerToServerKey => "Tor safe cookie authentication controller-to-server hash"u8;

    /// <summary>HMAC-SHA256(key, cookie ‖ clientNonce ‖ serverNonce) into <paramref name="hash"/>.</summary>
    public static void ComputeHash(
        ReadOnlySpan<byte> key, ReadOnlySpan<byte> cookie, ReadOnlySpan<byte> clientNonce, ReadOnlySpan<byte> serverNonce, Span<byte> hash)
    {
        if (cookie.Length != CookieLength || clientNonce.Length != NonceLength || serverNonce.Length != NonceLength || hash.Length != HashLength)
        {
            throw new ArgumentException("SAFECOOKIE takes a 32-byte cookie, two 32-byte nonces and a 32-byte output.");
        }

        Span<byte> message = stackalloc byte[CookieLength + NonceLength + NonceLength];
        try
        {
            cookie.CopyTo(message);
            clientNonce.CopyTo(message[CookieLength..]);
            serverNonce.CopyTo(message[(CookieLength + NonceLength)..]);
            HMACSHA256.HashData(key, message, hash);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(message);
        }
    }

    /// <summary>Checks tor's SERVERHASH in fixed time.</summary>
    public static bool VerifyServerHash(
        ReadOnlySpan<byte> cookie, ReadOnlySpan<byte> clientNonce, ReadOnlySpan<byte> serverNonce, ReadOnlySpan<byte> serverHash)
    {
        if (serverHash.Length != HashLength)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HashLength];
        try
        {
            ComputeHash(ServerToControllerKey, cookie, clientNonce, serverNonce, expected);
            return CryptographicOperations.FixedTimeEquals(expected, serverHash);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(expected);
        }
    }
}
