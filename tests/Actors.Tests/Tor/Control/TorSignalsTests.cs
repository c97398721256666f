using Pvtcoms.Actors.Tests.Tor.Support;
using Pvtcoms.Actors.Tor;
using Pvtcoms.Actors.Tor.Control;

namespace Pvtcoms.Actors.Tests.Tor.Control;

public sealed class TorSignalsTests
{
    private static async Task<(TorFailure Result, string[] Commands)> NewnymAgainst(Func<string, string?> tor)
    {
        await using var port = new FakeControlPort(tor);
        var connection = (await TorControlConnection.ConnectAsync(port.EndPoint, CancellationToken.None)).Value;
        TorFailure result;
        await using (connection)
        {
            result = await TorSignals.NewnymAsync(connection, CancellationToken.None);
        }

        return (result, port.Commands.ToArray());
    }

    [Fact]
    public async Task Newnym_sends_exactly_one_signal_newnym_line_and_accepts_250_ok()
    {
        var (result, commands) = await NewnymAgainst(_ => "250 OK\r\n");

        Assert.Equal(TorFailure.None, result);
        Assert.Equal(["SIGNAL NEWNYM"], commands);
    }

    [Fact]
    public async Task A_refused_newnym_is_command_refused()
    {
        var (result, _) = await NewnymAgainst(_ => "552 Unrecognized signal code \"NEWNYM\"\r\n");

        Assert.Equal(TorFailure.CommandRefused, result);
    }

    [Fact]
    public async Task A_control_port_that_closes_instead_of_answering_is_a_closed_connection()
    {
        var (result, _) = await NewnymAgainst(_ => null);

        Assert.Equal(TorFailure.ControlConnectionClosed, result);
    }

    [Fact]
    public async Task A_malformed_answer_is_a_malformed_reply_not_an_exception()
    {
        var (result, _) = await NewnymAgainst(_ => "250 OK\n");

        Assert.Equal(TorFailure.MalformedReply, result);
    }
}
