using System.Text;
using Pvtcoms.Actors.Tor.Control;

namespace Pvtcoms.Actors.Tests.Tor.Control;

public sealed class ControlReplyReaderTests
{
    private static (List<ControlReply> Replies, ControlReplyError Error) Read(string text) => Read(Encoding.ASCII.GetBytes(text));

    private static (List<ControlReply> Replies, ControlReplyError Error) Read(byte[] bytes)
    {
        var reader = new ControlReplyReader();
        var replies = new List<ControlReply>();
        var error = reader.Feed(bytes, replies);
        return (replies, error);
    }

    [Fact]
    public void A_single_line_reply_is_read_with_its_status_code()
    {
        var (replies, error) = Read("250 OK\r\n");

        Assert.Equal(ControlReplyError.None, error);
        var reply = Assert.Single(replies);
        Assert.Equal(250, reply.StatusCode);
        Assert.True(reply.IsOk);
        Assert.Equal("OK", reply.EndText);
    }

    [Fact]
    public void Mid_lines_and_the_end_line_form_one_reply()
    {
        var (replies, error) = Read(
            "250-PROTOCOLINFO 1\r\n250-AUTH METHODS=COOKIE,SAFECOOKIE COOKIEFILE=\"/x/control_auth_cookie\"\r\n250-VERSION Tor=\"0.4.9.11\"\r\n250 OK\r\n");

        Assert.Equal(ControlReplyError.None, error);
        var reply = Assert.Single(replies);
        Assert.Equal(["PROTOCOLINFO 1", "AUTH METHODS=COOKIE,SAFECOOKIE COOKIEFILE=\"/x/control_auth_cookie\"", "VERSION Tor=\"0.4.9.11\"", "OK"],
            reply.Lines.Select(l => l.Text));
    }

    [Fact]
    public void A_data_line_carries_its_block_with_dots_unescaped()
    {
        var (replies, error) = Read("250+config-text=\r\nSocksPort 9050\r\n..leading dot\r\n\r\n.\r\n250 OK\r\n");

        Assert.Equal(ControlReplyError.None, error);
        var reply = Assert.Single(replies);
        Assert.Equal("config-text=", reply.Lines[0].Text);
        Assert.Equal(["SocksPort 9050", ".leading dot", ""], reply.Lines[0].Data!);
        Assert.Equal("OK", reply.EndText);
    }

    [Fact]
    public void An_async_event_is_a_reply_with_status_650()
    {
        var (replies, _) = Read("650 STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY=\"Done\"\r\n250 OK\r\n");

        Assert.Equal(2, replies.Count);
        Assert.True(replies[0].IsAsyncEvent);
        Assert.True(replies[1].IsOk);
    }

    [Fact]
    public void Bytes_split_anywhere_give_the_same_replies()
    {
        var bytes = Encoding.ASCII.GetBytes("250-ServiceID=abc\r\n250 OK\r\n650 CIRC 1 BUILT\r\n");
        var reader = new ControlReplyReader();
        var replies = new List<ControlReply>();
        foreach (var b in bytes)
        {
            Assert.Equal(ControlReplyError.None, reader.Feed([b], replies));
        }

        Assert.Equal(2, replies.Count);
        Assert.Equal(["ServiceID=abc", "OK"], replies[0].Lines.Select(l => l.Text));
        Assert.True(reader.IsIdle);
    }

    [Fact]
    public void An_incomplete_reply_is_held_until_its_end_line_arrives()
    {
        var reader = new ControlReplyReader();
        var replies = new List<ControlReply>();

        reader.Feed("250-a\r\n250"u8, replies);
        Assert.Empty(replies);
        Assert.False(reader.IsIdle);

        reader.Feed(" OK\r\n"u8, replies);
        Assert.Single(replies);
    }

    [Theory]
    [InlineData("250 OK\n", ControlReplyError.BareLineFeed)]
    [InlineData("250 OK\rX", ControlReplyError.InvalidCharacter)]
    [InlineData("25x OK\r\n", ControlReplyError.MalformedStatusCode)]
    [InlineData("750 OK\r\n", ControlReplyError.MalformedStatusCode)]
    [InlineData("050 OK\r\n", ControlReplyError.MalformedStatusCode)]
    [InlineData("25\r\n", ControlReplyError.MalformedStatusCode)]
    [InlineData("250\r\n", ControlReplyError.InvalidSeparator)]
    [InlineData("250_OK\r\n", ControlReplyError.InvalidSeparator)]
    [InlineData("250-a\r\n251 OK\r\n", ControlReplyError.MixedStatusCodes)]
    [InlineData("250 O\u0001K\r\n", ControlReplyError.InvalidCharacter)]
    public void Malformed_lines_give_a_typed_error(string text, ControlReplyError expected)
    {
        Assert.Equal(expected, Read(text).Error);
    }

    [Fact]
    public void A_nul_or_high_byte_is_an_invalid_character()
    {
        Assert.Equal(ControlReplyError.InvalidCharacter, Read([(byte)'2', (byte)'5', (byte)'0', (byte)' ', 0x00]).Error);
        Assert.Equal(ControlReplyError.InvalidCharacter, Read([(byte)'2', (byte)'5', (byte)'0', (byte)' ', 0xC3, 0xA9]).Error);
    }

    [Fact]
    public void A_line_longer_than_the_limit_is_refused_before_it_ends()
    {
        var reader = new ControlReplyReader();
        var replies = new List<ControlReply>();
        var line = Encoding.ASCII.GetBytes("250 " + new string('a', ControlReplyLimits.MaxLineLength));

        Assert.Equal(ControlReplyError.LineTooLong, reader.Feed(line, replies));
    }

    [Fact]
    public void A_reply_with_too_many_lines_is_refused()
    {
        var text = new StringBuilder();
        for (var i = 0; i <= ControlReplyLimits.MaxLinesPerReply; i++)
        {
            text.Append("250-x\r\n");
        }

        Assert.Equal(ControlReplyError.TooManyLines, Read(text.ToString()).Error);
    }

    [Fact]
    public void A_reply_larger_than_the_limit_is_refused()
    {
        var text = new StringBuilder("250+big\r\n");
        var line = new string('d', 1000) + "\r\n";
        while (text.Length <= ControlReplyLimits.MaxReplyBytes)
        {
            text.Append(line);
        }

        Assert.Equal(ControlReplyError.ReplyTooLarge, Read(text.ToString()).Error);
    }

    [Fact]
    public void After_an_error_the_reader_accepts_nothing_more()
    {
        var reader = new ControlReplyReader();
        var replies = new List<ControlReply>();
        reader.Feed("250 OK\n"u8, replies);

        Assert.Equal(ControlReplyError.BareLineFeed, reader.Feed("250 OK\r\n"u8, replies));
        Assert.Empty(replies);
    }

    [Fact]
    public void Thousands_of_random_and_mutated_replies_never_throw_and_never_give_an_invalid_reply()
    {
        string[] seeds =
        [
            "250 OK\r\n",
            "250-ServiceID=25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid\r\n250 OK\r\n",
            "250+config-text=\r\nA\r\n..b\r\n.\r\n250 OK\r\n",
            "650 STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=5 TAG=conn SUMMARY=\"Connecting\"\r\n",
            "515 Authentication failed: Wrong length on authentication cookie.\r\n",
            "250 AUTHCHALLENGE SERVERHASH=AB SERVERNONCE=CD\r\n",
        ];
        var random = new Random(20261127);
        var errors = new HashSet<ControlReplyError>();
        for (var round = 0; round < 5000; round++)
        {
            var bytes = round % 5 == 0 ? RandomBytes(random) : Mutate(Encoding.ASCII.GetBytes(seeds[random.Next(seeds.Length)]), random);
            var reader = new ControlReplyReader();
            var replies = new List<ControlReply>();
            var offset = 0;
            var error = ControlReplyError.None;
            while (offset < bytes.Length)
            {
                var chunk = Math.Min(bytes.Length - offset, 1 + random.Next(16));
                error = reader.Feed(bytes.AsSpan(offset, chunk), replies);
                offset += chunk;
            }

            Assert.True(Enum.IsDefined(error));
            errors.Add(error);
            foreach (var reply in replies)
            {
                Assert.InRange(reply.StatusCode, 100, 699);
                Assert.NotEmpty(reply.Lines);
                Assert.All(reply.Lines, l => Assert.DoesNotContain(l.Text, c => c is '\r' or '\n'));
            }
        }

        // The corpus really exercised the error paths, not only clean input.
        Assert.Contains(ControlReplyError.None, errors);
        Assert.True(errors.Count >= 5, "expected several distinct outcomes, got " + string.Join(",", errors));
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 200)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(byte[] bytes, Random random)
    {
        var list = bytes.ToList();
        var mutations = 1 + random.Next(4);
        for (var i = 0; i < mutations && list.Count > 0; i++)
        {
            var at = random.Next(list.Count);
            switch (random.Next(4))
            {
                case 0:
                    list[at] = (byte)random.Next(256);
                    break;
                case 1:
                    list.RemoveAt(at);
                    break;
                case 2:
                    list.Insert(at, (byte)"\r\n.-+ 0259"[random.Next(10)]);
                    break;
                default:
                    list.AddRange(list.Take(random.Next(list.Count)));
                    break;
            }
        }

        return [.. list];
    }
}
