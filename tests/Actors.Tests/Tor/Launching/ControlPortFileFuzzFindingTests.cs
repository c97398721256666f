using System.Net;
using System.Text;
using Pvtcoms.Actors.Tor.Process;

namespace Pvtcoms.Actors.Tests.Tor.Launching;

/// <summary>
/// Regressions for fuzz findings F1 and F2 (docs/FUZZING.md): the control-port file parser accepted inet_aton
/// shorthands of the loopback address ("PORT=127.1:9051") and blank lines around the one line, text tor never writes.
/// Only the canonical single line is accepted now.
/// </summary>
public sealed class ControlPortFileFuzzFindingTests
{
    [Theory]
    [InlineData("PORT=127.1:9051\n")]
    [InlineData("PORT=2130706433:9051\n")]
    [InlineData("PORT=127.0.1:9051\n")]
    [InlineData("PORT=0x7f.0.0.1:9051\n")]
    [InlineData("PORT=127.0.0.1:09051\n")]
    public void A_shorthand_form_of_the_loopback_address_is_not_accepted(string content)
    {
        Assert.False(TorProcess.TryParseControlPortFile(Encoding.ASCII.GetBytes(content), out _));
    }

    [Fact]
    public void The_fuzzers_input_is_refused_byte_for_byte()
    {
        Assert.False(TorProcess.TryParseControlPortFile(Convert.FromHexString("504f52543d3132372e313a393035310a"), out _));
    }

    [Fact]
    public void The_canonical_ipv6_loopback_form_is_still_accepted()
    {
        Assert.True(TorProcess.TryParseControlPortFile("PORT=[::1]:9051\n"u8, out var endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 9051), endPoint);
    }

    [Theory]
    [InlineData("PORT=127.0.0.1:9051\n\n")]
    [InlineData("\nPORT=127.0.0.1:9051\n")]
    [InlineData("PORT=127.0.0.1:9051\n\n\n\n\n\n\n\n")]
    [InlineData("\n")]
    public void A_blank_line_before_or_after_the_port_line_is_not_accepted(string content)
    {
        Assert.False(TorProcess.TryParseControlPortFile(Encoding.ASCII.GetBytes(content), out _));
    }

    [Fact]
    public void The_second_findings_input_is_refused_byte_for_byte()
    {
        var input = Convert.FromHexString(
            "504f52543d3132372e302e302e313a393035310a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a");
        Assert.False(TorProcess.TryParseControlPortFile(input, out _));
    }
}
