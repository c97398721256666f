using System.Net;
using System.Net.Sockets;
using Pvtcoms.Actors.Transport;

namespace Pvtcoms.Actors.Tests.Tor.Profile;

/// <summary>A profile hosting its own inbox reaches its own onion address over loopback; every other host goes to the dialer.</summary>
public sealed class OwnInboxConnectTests
{
    private const string Own = "25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid.onion";

    [Fact]
    public async Task The_own_onion_address_is_reached_on_the_inbox_loopback_listener_without_the_dialer()
    {
        using var inbox = new TcpListener(IPAddress.Loopback, 0);
        inbox.Start();
        var dialed = new List<string>();
        using var http = Client(OwnInboxConnect.Route(Own, 80, (IPEndPoint)inbox.LocalEndpoint, Recording(dialed)));

        var served = ServeOneAsync(inbox);
        using var response = await http.GetAsync(new Uri($"http://{Own}/health"));
        await served;

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(dialed);
    }

    [Theory]
    [InlineData("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion", 80)]
    [InlineData(Own, 8080)]
    public async Task Any_other_host_or_port_goes_to_the_dialer(string host, int port)
    {
        using var inbox = new TcpListener(IPAddress.Loopback, 0);
        inbox.Start();
        var dialed = new List<string>();
        var connect = OwnInboxConnect.Route(Own, 80, (IPEndPoint)inbox.LocalEndpoint, Recording(dialed));
        using var http = Client(connect);

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://{host}:{port}/")));

        Assert.Equal([$"{host}:{port}"], dialed);
    }

    [Fact]
    public void An_inbox_that_is_not_on_loopback_is_refused()
    {
        Assert.Throws<ArgumentException>(() =>
            OwnInboxConnect.Route(Own, 80, new IPEndPoint(IPAddress.Parse("192.0.2.1"), 80), Recording([])));
    }

    private static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Recording(List<string> dialed) =>
        (context, _) =>
        {
            dialed.Add($"{context.DnsEndPoint.Host}:{context.DnsEndPoint.Port}");
            throw new HttpRequestException("the dialer is not reachable in this test");
        };

    private static HttpClient Client(Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> connect) =>
        new(new SocketsHttpHandler { UseProxy = false, ConnectCallback = connect }) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Accepts one connection, reads the request head and answers 204.</summary>
    private static async Task ServeOneAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var buffer = new byte[4096];
        var seen = 0;
        while (seen < 4 || !buffer.AsSpan(0, seen).EndsWith("\r\n\r\n"u8))
        {
            var read = await stream.ReadAsync(buffer.AsMemory(seen));
            if (read == 0)
            {
                return;
            }

            seen += read;
        }

        await stream.WriteAsync("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"u8.ToArray());
    }
}
