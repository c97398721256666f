using Pvtcoms.Actors.Tor.Dialing;

namespace Pvtcoms.Actors.Tests.Tor.Dialing;

public sealed class Socks5Tests
{
    private const string Onion = "25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid.onion";

    [Fact]
    public void An_onion_name_is_sent_as_a_domain_name_for_tor_to_resolve()
    {
        var request = Socks5.ConnectRequest(Onion, 443);

        Assert.Equal(new byte[] { 0x05, 0x01, 0x00, 0x03, (byte)Onion.Length }, request[..5]);
        Assert.Equal(Onion, System.Text.Encoding.ASCII.GetString(request, 5, Onion.Length));
        Assert.Equal(new byte[] { 0x01, 0xBB }, request[^2..]);
    }

    [Fact]
    public void An_ip_literal_is_sent_as_an_address()
    {
        Assert.Equal(new byte[] { 0x05, 0x01, 0x00, 0x01, 192, 0, 2, 7, 0x00, 0x50 }, Socks5.ConnectRequest("192.0.2.7", 80));
        Assert.Equal(0x04, Socks5.ConnectRequest("2001:db8::1", 80)[3]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("exa mple.com")]
    [InlineData("ex\u00e4mple.com")]
    [InlineData("a\0b")]
    public void A_host_that_is_not_a_plain_name_is_a_caller_bug(string host)
    {
        Assert.Throws<ArgumentException>(() => Socks5.ConnectRequest(host, 80));
    }

    [Fact]
    public void Reply_lengths_follow_the_address_type()
    {
        Assert.Equal(Socks5Error.None, Socks5.TryGetReplyLength([5, 0, 0, 1, 0], out var v4));
        Assert.Equal(Socks5Error.None, Socks5.TryGetReplyLength([5, 0, 0, 4, 0], out var v6));
        Assert.Equal(Socks5Error.None, Socks5.TryGetReplyLength([5, 0, 0, 3, 9], out var name));

        Assert.Equal(10, v4);
        Assert.Equal(22, v6);
        Assert.Equal(16, name);
    }

    [Theory]
    [InlineData(new byte[] { 5, 0, 0, 1 }, Socks5Error.Truncated)]
    [InlineData(new byte[] { 4, 0, 0, 1, 0 }, Socks5Error.UnsupportedVersion)]
    [InlineData(new byte[] { 5, 0, 1, 1, 0 }, Socks5Error.NonZeroReserved)]
    [InlineData(new byte[] { 5, 0, 0, 2, 0 }, Socks5Error.UnknownAddressType)]
    [InlineData(new byte[] { 5, 0, 0, 3, 0 }, Socks5Error.InvalidDomainLength)]
    public void Malformed_reply_headers_give_typed_errors(byte[] header, Socks5Error expected)
    {
        Assert.Equal(expected, Socks5.TryGetReplyLength(header, out _));
    }

    [Theory]
    [InlineData(0xF0, Socks5ReplyCode.OnionServiceDescriptorNotFound)]
    [InlineData(0xF2, Socks5ReplyCode.OnionServiceIntroductionFailed)]
    [InlineData(0xF6, Socks5ReplyCode.OnionServiceBadAddress)]
    [InlineData(0xF7, Socks5ReplyCode.OnionServiceIntroductionTimedOut)]
    [InlineData(0x05, Socks5ReplyCode.ConnectionRefused)]
    public void Tors_extended_reply_codes_are_named(byte code, Socks5ReplyCode expected)
    {
        Assert.Equal(Socks5Error.None, Socks5.ParseReply([5, code, 0, 1, 0, 0, 0, 0, 0, 0], out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Fact]
    public void An_undefined_reply_code_is_refused()
    {
        Assert.Equal(Socks5Error.UnknownReplyCode, Socks5.ParseReply([5, 0x09, 0, 1, 0, 0, 0, 0, 0, 0], out _));
        Assert.Equal(Socks5Error.UnknownReplyCode, Socks5.ParseReply([5, 0xF8, 0, 1, 0, 0, 0, 0, 0, 0], out _));
    }

    [Fact]
    public void A_reply_of_the_wrong_length_is_refused()
    {
        Assert.Equal(Socks5Error.Truncated, Socks5.ParseReply([5, 0, 0, 1, 0, 0, 0, 0, 0], out _));
        Assert.Equal(Socks5Error.Truncated, Socks5.ParseReply([5, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], out _));
    }

    [Theory]
    [InlineData(new byte[] { 5, 0 }, Socks5Error.None)]
    [InlineData(new byte[] { 5, 0xFF }, Socks5Error.NoAcceptableMethod)]
    [InlineData(new byte[] { 5, 2 }, Socks5Error.UnexpectedMethod)]
    [InlineData(new byte[] { 4, 0 }, Socks5Error.UnsupportedVersion)]
    [InlineData(new byte[] { 5 }, Socks5Error.Truncated)]
    public void Method_selection_is_parsed_strictly(byte[] reply, Socks5Error expected)
    {
        Assert.Equal(expected, Socks5.ParseMethodSelection(reply));
    }

    [Fact]
    public void Random_replies_never_throw()
    {
        var random = new Random(1928);
        for (var i = 0; i < 5000; i++)
        {
            var bytes = new byte[random.Next(0, 40)];
            random.NextBytes(bytes);
            if (bytes.Length > 0 && random.Next(2) == 0)
            {
                bytes[0] = 5;
            }

            var error = Socks5.ParseReply(bytes, out _);
            Assert.True(Enum.IsDefined(error));
            Assert.True(Enum.IsDefined(Socks5.TryGetReplyLength(bytes, out _)));
        }
    }
}
