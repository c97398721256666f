using System.Buffers;
using System.Security.Cryptography;

namespace Pvtcoms.Actors.Tor.Control;

/// <summary>
/// Authenticates a fresh control connection with the cookie tor wrote into our own DataDirectory:
/// SAFECOOKIE when tor offers it (our proof is sent only after tor's SERVERHASH checks out), COOKIE
/// otherwise. The cookie is read from the path we configured, never from the COOKIEFILE tor announces.
/// </summary>
public static class TorAuthenticator
{
    public static async Task<TorResult<bool>> AuthenticateAsync(
        TorControlConnection connection, string cookieFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(cookieFile);

        var info = await connection.SendAsync("PROTOCOLINFO 1", cancellationToken).ConfigureAwait(false);
        if (!info.IsOk)
        {
            return info.Failure;
        }

        if (!info.Value.IsOk)
        {
            return TorFailure.UnexpectedReply;
        }

        var methods = ParseAuthMethods(info.Value);
        if (methods is null)
        {
            return TorFailure.MalformedReply;
        }

        var cookie = ReadCookie(cookieFile, out var cookieFailure);
        if (cookie is null)
        {
            return cookieFailure;
        }

        try
        {
            if (methods.Contains("SAFECOOKIE"))
            {
                return await SafeCookieAsync(connection, cookie, cancellationToken).ConfigureAwait(false);
            }

            if (methods.Contains("COOKIE"))
            {
                return await SendProofAsync(connection, cookie, cancellationToken).ConfigureAwait(false);
            }

            return TorFailure.NoSupportedAuthenticationMethod;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(cookie);
        }
    }

    private static HashSet<string>? ParseAuthMethods(ControlReply reply)
    {
        foreach (var line in reply.Lines)
        {
            if (!line.Text.StartsWith("AUTH ", StringComparison.Ordinal))
            {
                continue;
            }

            if (!ControlFields.TryParse(line.Text, out var fields) || fields["METHODS"] is not { } methods)
            {
                return null;
            }

            return [.. methods.Split(',')];
        }

        return null;
    }

    private static byte[]? ReadCookie(string path, out TorFailure failure)
    {
        failure = TorFailure.None;
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                failure = TorFailure.CookieFileUnreadable;
                return null;
            }

            if (file.Length != SafeCookie.CookieLength)
            {
                failure = TorFailure.CookieFileInvalid;
                return null;
            }

            var cookie = File.ReadAllBytes(path);
            if (cookie.Length != SafeCookie.CookieLength)
            {
                CryptographicOperations.ZeroMemory(cookie);
                failure = TorFailure.CookieFileInvalid;
                return null;
            }

            return cookie;
        }
        catch (IOException)
        {
            failure = TorFailure.CookieFileUnreadable;
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            failure = TorFailure.CookieFileUnreadable;
            return null;
        }
    }

    private static async Task<TorResult<bool>> SafeCookieAsync(TorControlConnection connection, byte[] cookie, CancellationToken cancellationToken)
    {
        var clientNonce = RandomNumberGenerator.GetBytes(SafeCookie.NonceLength);
        var challenge = await connection.SendAsync(
            "AUTHCHALLENGE SAFECOOKIE " + Convert.ToHexString(clientNonce), cancellationToken).ConfigureAwait(false);
        if (!challenge.IsOk)
        {
            return challenge.Failure;
        }

        if (!challenge.Value.IsOk || challenge.Value.Lines.Count != 1)
        {
            return TorFailure.UnexpectedReply;
        }

        if (!ControlFields.TryParse(challenge.Value.Lines[0].Text, out var fields)
            || fields.Words is not ["AUTHCHALLENGE"]
            || !TryDecodeHex32(fields["SERVERHASH"], out var serverHash)
            || !TryDecodeHex32(fields["SERVERNONCE"], out var serverNonce))
        {
            return TorFailure.MalformedReply;
        }

        if (!SafeCookie.VerifyServerHash(cookie, clientNonce, serverNonce, serverHash))
        {
            return TorFailure.ServerHashMismatch;
        }

        var clientHash = new byte[SafeCookie.HashLength];
        try
        {
            SafeCookie.ComputeHash(SafeCookie.ControllerToServerKey, cookie, clientNonce, serverNonce, clientHash);
            return await SendProofAsync(connection, clientHash, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(clientHash);
        }
    }

    private static async Task<TorResult<bool>> SendProofAsync(TorControlConnection connection, byte[] proof, CancellationToken cancellationToken)
    {
        var prefix = "AUTHENTICATE "u8;
        var command = new byte[prefix.Length + (proof.Length * 2)];
        try
        {
            prefix.CopyTo(command);
            WriteHex(proof, command.AsSpan(prefix.Length));
            var reply = await connection.SendAsync(command, cancellationToken).ConfigureAwait(false);
            if (!reply.IsOk)
            {
                return reply.Failure;
            }

            return reply.Value.IsOk ? TorResult<bool>.Ok(true) : TorFailure.AuthenticationRefused;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(command);
        }
    }

    private static void WriteHex(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        const string Digits = "0123456789ABCDEF";
        for (var i = 0; i < bytes.Length; i++)
        {
            destination[2 * i] = (byte)Digits[bytes[i] >> 4];
            destination[(2 * i) + 1] = (byte)Digits[bytes[i] & 0xF];
        }
    }

    private static bool TryDecodeHex32(string? hex, out byte[] bytes)
    {
        bytes = new byte[32];
        return hex is { Length: 64 }
            && Convert.FromHexString(hex, bytes, out var consumed, out var written) == OperationStatus.Done
            && consumed == 64 && written == 32;
    }
}
