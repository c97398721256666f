using System.Text;
using Pvtcoms.Actors.Tor;
using Pvtcoms.Actors.Tor.Control;
using Pvtcoms.Actors.Tor.Dialing;
using Pvtcoms.Actors.Tor.Process;

namespace Pvtcoms.Fuzz.Targets;

/// <summary>Targets for what tor sends us: control-port replies, the control-port file, SOCKS5 replies.</summary>
internal static class TorTargets
{
    /// <summary>
    /// The control-port byte stream, fed once whole and once in small pieces: the reader must give the same replies
    /// and the same error either way (TCP may split the stream anywhere). Every completed line then goes through
    /// the field parser and the bootstrap-progress parser, as the supervisor and authenticator do.
    /// </summary>
    public static FuzzTarget ControlReply(FuzzFixture fixture)
    {
        _ = fixture;
        return new(
            "tor-control-reply",
            "ControlReplyReader.Feed (whole and in pieces, same result), ControlFields.TryParse, BootstrapProgress.TryParse",
            input =>
            {
                var whole = new List<ControlReply>();
                var wholeError = new ControlReplyReader().Feed(input, whole);

                var pieces = new List<ControlReply>();
                var reader = new ControlReplyReader();
                var pieceError = ControlReplyError.None;
                for (var offset = 0; offset < input.Length; offset += 7)
                {
                    pieceError = reader.Feed(input[offset..Math.Min(input.Length, offset + 7)], pieces);
                }

                if (wholeError != pieceError || !SameReplies(whole, pieces))
                {
                    throw new FuzzPropertyViolation("ControlReplyReader gave a different result for the same bytes fed in pieces.");
                }

                foreach (var line in whole.SelectMany(r => r.Lines))
                {
                    _ = ControlFields.TryParse(line.Text, out _);
                    _ = ControlFields.TryParseQuotedList(line.Text, out _);
                    _ = BootstrapProgress.TryParse(line.Text, out _);
                }

                return wholeError == ControlReplyError.None && whole.Count > 0;
            },
            SeedSet.With(
                SeedSet.Of(
                    ("ok", "250 OK\r\n"u8.ToArray()),
                    ("protocolinfo", "250-PROTOCOLINFO 1\r\n250-AUTH METHODS=COOKIE,SAFECOOKIE COOKIEFILE=\"/var/lib/tor/control_auth_cookie\"\r\n250-VERSION Tor=\"0.4.8.9\"\r\n250 OK\r\n"u8.ToArray()),
                    ("authchallenge", "250 AUTHCHALLENGE SERVERHASH=0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF SERVERNONCE=FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210\r\n"u8.ToArray()),
                    ("bootstrap-event", "650 STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=85 TAG=ap_conn_done SUMMARY=\"Connected to a relay to build circuits\"\r\n"u8.ToArray()),
                    ("getinfo-data", "250+onions/current=\r\nabc\r\n..dotted\r\n.\r\n250 OK\r\n"u8.ToArray()),
                    ("add-onion", "250-ServiceID=abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx\r\n250 OK\r\n"u8.ToArray()),
                    ("quoted-escapes", "250 X=\"a\\\\b\\\"c\\n\\101\" Y=plain\r\n"u8.ToArray())),
                ("bare-lf", "250 OK\n"u8.ToArray()),
                ("mixed-codes", "250-A\r\n251 B\r\n"u8.ToArray())));
    }

    public static FuzzTarget ControlPortFile(FuzzFixture fixture)
    {
        _ = fixture;
        return new(
            "tor-control-port-file",
            "TorProcess.TryParseControlPortFile (the file tor writes with its control port)",
            input =>
            {
                if (!TorProcess.TryParseControlPortFile(input, out var endPoint))
                {
                    return false;
                }

                var expected = Encoding.ASCII.GetBytes($"PORT={endPoint}\n");
                FuzzPropertyViolation.ThrowUnlessRoundTrips("TorProcess.TryParseControlPortFile", input, expected);
                return true;
            },
            SeedSet.With(
                SeedSet.Of(("port", "PORT=127.0.0.1:9051\n"u8.ToArray())),
                ("not-loopback", "PORT=10.0.0.1:9051\n"u8.ToArray()),
                ("two-lines", "PORT=127.0.0.1:9051\nPORT=127.0.0.1:9052\n"u8.ToArray())));
    }

    /// <summary>Both SOCKS5 replies the dialer reads; a reply that parses must have exactly the announced length.</summary>
    public static FuzzTarget Socks5Reply(FuzzFixture fixture)
    {
        _ = fixture;
        return new(
            "socks5-reply",
            "Socks5.ParseMethodSelection, Socks5.TryGetReplyLength, Socks5.ParseReply",
            input =>
            {
                var method = Socks5.ParseMethodSelection(input);
                var lengthError = Socks5.TryGetReplyLength(input, out var length);
                var replyError = Socks5.ParseReply(input, out _);
                if (replyError == Socks5Error.None && (lengthError != Socks5Error.None || length != input.Length))
                {
                    throw new FuzzPropertyViolation("Socks5.ParseReply accepted a reply whose length differs from the announced one.");
                }

                return method == Socks5Error.None || replyError == Socks5Error.None;
            },
            SeedSet.With(
                SeedSet.Of(
                    ("ipv4", [5, 0, 0, 1, 127, 0, 0, 1, 0x1F, 0x90]),
                    ("method", [5, 0]),
                    ("domain", [5, 0, 0, 3, 4, (byte)'a', (byte)'b', (byte)'c', (byte)'d', 0, 80]),
                    ("ipv6", [5, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 80]),
                    ("onion-not-found", [5, 0xF0, 0, 1, 0, 0, 0, 0, 0, 0])),
                ("no-method", [5, 0xFF]),
                ("unknown-code", [5, 0x09, 0, 1, 0, 0, 0, 0, 0, 0])));
    }

    private static bool SameReplies(List<ControlReply> a, List<ControlReply> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (a[i].StatusCode != b[i].StatusCode || a[i].Lines.Count != b[i].Lines.Count)
            {
                return false;
            }

            for (var j = 0; j < a[i].Lines.Count; j++)
            {
                var (x, y) = (a[i].Lines[j], b[i].Lines[j]);
                if (x.Text != y.Text || (x.Data is null) != (y.Data is null) || (x.Data is not null && !x.Data.SequenceEqual(y.Data!)))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
