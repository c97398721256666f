using System.Security.Cryptography;
using Pvtcoms.Actors.Tests.Tor.Support;
using Pvtcoms.Actors.Tor;
using Pvtcoms.Actors.Tor.Control;

namespace Pvtcoms.Actors.Tests.Tor.Control;

public sealed class TorAuthenticatorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pvtcoms-auth-").FullName;
    private readonly byte[] _cookie = RandomNumberGenerator.GetBytes(32);

    public TorAuthenticatorTests() => File.WriteAllBytes(CookieFile, _cookie);

    private string CookieFile => Path.Combine(_directory, "control_auth_cookie");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A fake tor that implements SAFECOOKIE from the spec, optionally lying about its server hash.</summary>
    private Func<string, string?> SafeCookieTor(string methods, bool wrongServerHash = false)
    {
        var serverNonce = RandomNumberGenerator.GetBytes(32);
        byte[]? clientNonce = null;
        return command =>
        {
            if (command == "PROTOCOLINFO 1")
            {
                return $"250-PROTOCOLINFO 1\r\n250-AUTH METHODS={methods} COOKIEFILE=\"/somewhere/else\"\r\n250-VERSION Tor=\"0.4.9.11\"\r\n250 OK\r\n";
            }

            if (command.StartsWith("AUTHCHALLENGE SAFECOOKIE ", StringComparison.Ordinal))
            {
                clientNonce = Convert.FromHexString(command["AUTHCHALLENGE SAFECOOKIE ".Length..]);
                var serverHash = HMACSHA256.HashData(SafeCookie.ServerToControllerKey, [.. _cookie, .. clientNonce, .. serverNonce]);
                if (wrongServerHash)
                {
                    serverHash[0] ^= 1;
                }

                return $"250 AUTHCHALLENGE SERVERHASH={Convert.ToHexString(serverHash)} SERVERNONCE={Convert.ToHexString(serverNonce)}\r\n";
            }

            if (command.StartsWith("AUTHENTICATE ", StringComparison.Ordinal))
            {
                var proof = Convert.FromHexString(command["AUTHENTICATE ".Length..]);
                var expected = clientNonce is null
                    ? _cookie
                    : HMACSHA256.HashData(SafeCookie.ControllerToServerKey, [.. _cookie, .. clientNonce, .. serverNonce]);
                return proof.AsSpan().SequenceEqual(expected) ? "250 OK\r\n" : "515 Authentication failed\r\n";
            }

            return "510 Unrecognized command\r\n";
        };
    }

    private async Task<(TorResult<bool> Result, FakeControlPort Port)> AuthenticateAgainst(Func<string, string?> tor)
    {
        var port = new FakeControlPort(tor);
        var connection = (await TorControlConnection.ConnectAsync(port.EndPoint, CancellationToken.None)).Value;
        await using (connection)
        {
            var result = await TorAuthenticator.AuthenticateAsync(connection, CookieFile, CancellationToken.None);
            return (result, port);
        }
    }

    [Fact]
    public async Task Safecookie_is_used_when_offered_and_tor_accepts_our_proof()
    {
        var (result, port) = await AuthenticateAgainst(SafeCookieTor("COOKIE,SAFECOOKIE"));
        await using var _ = port;

        Assert.True(result.IsOk, result.ToString());
        Assert.Contains(port.Commands, c => c.StartsWith("AUTHCHALLENGE SAFECOOKIE ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_server_hash_stops_authentication_before_our_proof_is_sent()
    {
        var (result, port) = await AuthenticateAgainst(SafeCookieTor("SAFECOOKIE", wrongServerHash: true));
        await using var _ = port;

        Assert.Equal(TorFailure.ServerHashMismatch, result.Failure);
        Assert.DoesNotContain(port.Commands, c => c.StartsWith("AUTHENTICATE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plain_cookie_is_the_fallback_when_safecookie_is_not_offered()
    {
        var (result, port) = await AuthenticateAgainst(SafeCookieTor("COOKIE"));
        await using var _ = port;

        Assert.True(result.IsOk, result.ToString());
        Assert.DoesNotContain(port.Commands, c => c.StartsWith("AUTHCHALLENGE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_password_or_null_authentication_on_offer_is_refused()
    {
        var (result, port) = await AuthenticateAgainst(SafeCookieTor("HASHEDPASSWORD"));
        await using var _ = port;

        Assert.Equal(TorFailure.NoSupportedAuthenticationMethod, result.Failure);
    }

    [Fact]
    public async Task A_cookie_file_of_the_wrong_length_is_refused()
    {
        File.WriteAllBytes(CookieFile, new byte[31]);
        var (result, port) = await AuthenticateAgainst(SafeCookieTor("SAFECOOKIE"));
        await using var _ = port;

        Assert.Equal(TorFailure.CookieFileInvalid, result.Failure);
    }

    [Fact]
    public async Task A_malformed_reply_fails_the_command_with_a_typed_failure()
    {
        var (result, port) = await AuthenticateAgainst(_ => "250 OK\n");
        await using var _ = port;

        Assert.Equal(TorFailure.MalformedReply, result.Failure);
    }

    [Fact]
    public async Task A_port_that_closes_fails_the_command_with_a_typed_failure()
    {
        var (result, port) = await AuthenticateAgainst(_ => null);
        await using var _ = port;

        Assert.Equal(TorFailure.ControlConnectionClosed, result.Failure);
    }

    [Fact]
    public async Task Async_events_go_to_the_event_channel_not_to_the_waiting_command()
    {
        await using var port = new FakeControlPort(_ => "650 STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=50 TAG=x SUMMARY=\"y\"\r\n250 OK\r\n");
        await using var connection = (await TorControlConnection.ConnectAsync(port.EndPoint, CancellationToken.None)).Value;

        var reply = await connection.SendAsync("SETEVENTS STATUS_CLIENT", CancellationToken.None);
        var ev = await connection.Events.ReadAsync();

        Assert.True(reply.Value.IsOk);
        Assert.True(ev.IsAsyncEvent);
    }
}
