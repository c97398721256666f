using System.Net;
using System.Text;
using Pvtcoms.Actors.Tor.Process;

namespace Pvtcoms.Actors.Tests.Tor.Launching;

public sealed class TorrcTests
{
    private static readonly TorLaunchOptions s_options = new("/profile/tor") { OwningProcessId = 4242 };

    private static string[] Lines(TorLaunchOptions options) => Torrc.For(options).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Control_and_socks_ports_are_automatic_loopback_ports_and_cookie_authenticated()
    {
        var lines = Lines(s_options);

        Assert.Contains("ControlPort 127.0.0.1:auto", lines);
        Assert.Contains("ControlPortWriteToFile \"/profile/tor/control-port\"", lines);
        Assert.Contains("CookieAuthentication 1", lines);
        Assert.Contains("SocksPort 127.0.0.1:auto ExtendedErrors", lines);
        Assert.Contains("__OwningControllerProcess 4242", lines);
        Assert.Contains("DataDirectory \"/profile/tor\"", lines);
    }

    [Fact]
    public void Without_the_debug_switch_the_log_goes_to_stdout_which_we_discard()
    {
        var lines = Lines(s_options);

        Assert.Contains("Log notice stdout", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("Log", StringComparison.Ordinal) && l.Contains("file", StringComparison.Ordinal));
    }

    [Fact]
    public void With_the_debug_switch_the_log_goes_to_a_file_in_the_data_directory()
    {
        Assert.Contains("Log notice file /profile/tor/tor-debug.log", Lines(s_options with { DebugLog = true }));
    }

    [Theory]
    [InlineData("/a\"b")]
    [InlineData("/a\\b")]
    [InlineData("/a\nb")]
    public void A_data_directory_that_cannot_be_written_safely_into_a_torrc_is_a_caller_bug(string path)
    {
        Assert.Throws<ArgumentException>(() => Torrc.For(new TorLaunchOptions(path)));
    }

    [Fact]
    public void An_extra_line_cannot_smuggle_in_a_second_line()
    {
        Assert.Throws<ArgumentException>(() => Torrc.For(s_options with { ExtraTorrcLines = ["TestingTorNetwork 1\nSocksPort 0.0.0.0:9050"] }));
    }

    [Fact]
    public void The_control_port_file_gives_a_loopback_end_point()
    {
        Assert.True(TorProcess.TryParseControlPortFile("PORT=127.0.0.1:39123\n"u8, out var endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 39123), endPoint);
    }

    [Theory]
    [InlineData("PORT=127.0.0.1:39123")]
    [InlineData("PORT=192.0.2.1:39123\n")]
    [InlineData("PORT=127.0.0.1:0\n")]
    [InlineData("PORT=127.0.0.1:99999\n")]
    [InlineData("PORT=127.0.0.1:1\nPORT=127.0.0.1:2\n")]
    [InlineData("UNIX_PORT=/run/x\n")]
    [InlineData("PORT=127.0.0.1:1 \n")]
    [InlineData("")]
    public void A_partial_remote_or_odd_control_port_file_is_not_accepted(string content)
    {
        Assert.False(TorProcess.TryParseControlPortFile(Encoding.ASCII.GetBytes(content), out _));
    }

    [Fact]
    public void An_oversized_control_port_file_is_not_accepted()
    {
        var content = Encoding.ASCII.GetBytes("PORT=127.0.0.1:1" + new string(' ', TorProcess.MaxControlPortFileLength) + "\n");
        Assert.False(TorProcess.TryParseControlPortFile(content, out _));
    }
}
