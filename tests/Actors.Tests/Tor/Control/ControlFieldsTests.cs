using Pvtcoms.Actors.Tor;
using Pvtcoms.Actors.Tor.Control;

namespace Pvtcoms.Actors.Tests.Tor.Control;

public sealed class ControlFieldsTests
{
    [Fact]
    public void Words_and_key_values_are_separated_and_quotes_unescaped()
    {
        Assert.True(ControlFields.TryParse("AUTH METHODS=COOKIE,SAFECOOKIE COOKIEFILE=\"/a b/c\\\"d\\\\e\"", out var fields));

        Assert.Equal(["AUTH"], fields.Words.ToArray());
        Assert.Equal("COOKIE,SAFECOOKIE", fields["METHODS"]);
        Assert.Equal("/a b/c\"d\\e", fields["COOKIEFILE"]);
        Assert.Null(fields["MISSING"]);
    }

    [Fact]
    public void Octal_escapes_are_decoded()
    {
        Assert.True(ControlFields.TryParse("X=\"a\\101\\n\"", out var fields));
        Assert.Equal("aA\n", fields["X"]);
    }

    [Theory]
    [InlineData("X=\"unterminated")]
    [InlineData("X=\"bad escape \\q\"")]
    [InlineData("X=\"short octal \\10\"")]
    [InlineData("X=\"a\"b")]
    [InlineData("X=a\"b\"")]
    [InlineData("=value")]
    [InlineData("X=1 X=2")]
    [InlineData("\"quoted word\"")]
    public void Malformed_fields_are_refused(string text)
    {
        Assert.False(ControlFields.TryParse(text, out _));
    }

    [Fact]
    public void A_list_of_quoted_listeners_is_parsed()
    {
        Assert.True(ControlFields.TryParseQuotedList("\"127.0.0.1:9050\" \"[::1]:9050\"", out var items));
        Assert.Equal(["127.0.0.1:9050", "[::1]:9050"], items.ToArray());
        Assert.False(ControlFields.TryParseQuotedList("127.0.0.1:9050", out _));
    }

    [Theory]
    [InlineData("STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY=\"Done\"", 100, "done", "Done")]
    [InlineData("NOTICE BOOTSTRAP PROGRESS=14 TAG=handshake SUMMARY=\"Handshaking with a relay\"", 14, "handshake", "Handshaking with a relay")]
    [InlineData("WARN BOOTSTRAP PROGRESS=5 TAG=conn SUMMARY=\"Connecting\" WARNING=\"x\" REASON=NOROUTE COUNT=1 RECOMMENDATION=ignore", 5, "conn", "Connecting")]
    public void Bootstrap_phases_are_parsed(string text, int percent, string tag, string summary)
    {
        Assert.True(BootstrapProgress.TryParse(text, out var progress));
        Assert.Equal(new BootstrapProgress(percent, tag, summary), progress);
    }

    [Theory]
    [InlineData("STATUS_CLIENT NOTICE CIRCUIT_ESTABLISHED")]
    [InlineData("NOTICE BOOTSTRAP PROGRESS=101 TAG=done")]
    [InlineData("NOTICE BOOTSTRAP PROGRESS=-1 TAG=done")]
    [InlineData("NOTICE BOOTSTRAP TAG=done")]
    [InlineData("NOTICE BOOTSTRAP PROGRESS=50")]
    public void Other_status_lines_are_not_bootstrap_phases(string text)
    {
        Assert.False(BootstrapProgress.TryParse(text, out _));
    }
}
