using System.Net;
using System.Net.Sockets;
using Pvtcoms.Actors.Tests.Tor.Support;
using Pvtcoms.Actors.Tor.Dialing;

namespace Pvtcoms.Actors.Tests.Tor.Dialing;

public sealed class FailClosedDialerTests
{
    private const string Onion = "25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid.onion";

    private static readonly (string Host, int Port)[] s_remoteTargets =
    [
        (Onion, 443), ("198.51.100.7", 443), ("2001:db8::7", 443), ("relay.example.org", 8443), ("10.0.0.1", 22),
    ];

    [Fact]
    public async Task With_tor_not_ready_no_remote_target_gets_a_socket_and_the_caller_is_told_to_queue()
    {
        var sockets = new RecordingSocketFactory();
        var dialer = new FailClosedDialer(new TorReadiness(), sockets, DialPolicy.TorOnly);

        foreach (var (host, port) in s_remoteTargets)
        {
            Assert.IsType<DialResult.TorNotReady>(await dialer.DialAsync(host, port, CancellationToken.None));
        }

        Assert.Empty(sockets.Attempts);
    }

    [Fact]
    public async Task With_tor_stopped_nothing_leaves_the_machine_according_to_the_kernel_socket_table()
    {
        var sockets = new RecordingSocketFactory();
        var dialer = new FailClosedDialer(new TorReadiness(), sockets, DialPolicy.TorOnly);
        for (var round = 0; round < 20; round++)
        {
            foreach (var (host, port) in s_remoteTargets)
            {
                await dialer.DialAsync(host, port, CancellationToken.None);
            }
        }

        var peers = SocketSnapshot.PeersOfThisProcess();
        Assert.Empty(sockets.NonLoopbackAttempts);
        Assert.All(peers, peer => Assert.True(SocketSnapshot.IsLoopbackOrUnspecified(peer), "socket to " + peer));
    }

    [Fact]
    public async Task The_socket_snapshot_really_sees_a_connection_this_process_opens()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);

            Assert.Contains(SocketSnapshot.PeersOfThisProcess(), IPAddress.IsLoopback);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task A_loopback_target_is_dialed_directly_even_without_tor()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var sockets = new RecordingSocketFactory();
            var dialer = new FailClosedDialer(new TorReadiness(), sockets, DialPolicy.TorOnly);

            var result = await dialer.DialAsync("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port, CancellationToken.None);

            var connected = Assert.IsType<DialResult.Connected>(result);
            await connected.Stream.DisposeAsync();
            Assert.Equal(DialRoute.DirectLoopback, connected.Route);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Localhost_by_name_is_not_treated_as_loopback_and_goes_to_tor()
    {
        var sockets = new RecordingSocketFactory();
        var dialer = new FailClosedDialer(new TorReadiness(), sockets, DialPolicy.TorOnly);

        Assert.IsType<DialResult.TorNotReady>(await dialer.DialAsync("localhost", 80, CancellationToken.None));
        Assert.Empty(sockets.Attempts);
    }

    [Fact]
    public async Task Direct_tcp_to_a_remote_host_happens_only_when_explicitly_allowed_and_never_for_an_onion()
    {
        var sockets = new RecordingSocketFactory();
        var dialer = new FailClosedDialer(new TorReadiness(), sockets, new DialPolicy(AllowDirectTcp: true));

        var direct = await dialer.DialAsync("198.51.100.7", 443, CancellationToken.None);
        var onion = await dialer.DialAsync(Onion, 443, CancellationToken.None);

        Assert.Equal(DialFailure.ConnectFailed, Assert.IsType<DialResult.Failed>(direct).Reason);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.7"), 443), Assert.Single(sockets.Attempts));
        Assert.IsType<DialResult.TorNotReady>(onion);
    }

    [Theory]
    [InlineData("", 80)]
    [InlineData("bad host", 80)]
    [InlineData("example.org", 0)]
    [InlineData("example.org", 65536)]
    public async Task An_invalid_target_is_refused_without_a_socket(string host, int port)
    {
        var sockets = new RecordingSocketFactory();
        var readiness = new TorReadiness();
        readiness.MarkReady(new IPEndPoint(IPAddress.Loopback, 9));
        var dialer = new FailClosedDialer(readiness, sockets, DialPolicy.TorOnly);

        Assert.Equal(DialFailure.InvalidTarget, Assert.IsType<DialResult.Failed>(await dialer.DialAsync(host, port, CancellationToken.None)).Reason);
        Assert.Empty(sockets.Attempts);
    }

    [Fact]
    public async Task With_tor_ready_an_onion_is_reached_through_socks_only_and_carries_data_both_ways()
    {
        await using var socks = new FakeSocksServer(FakeSocksServer.Reply(0x00));
        var sockets = new RecordingSocketFactory();
        var readiness = new TorReadiness();
        readiness.MarkReady(socks.EndPoint);
        var dialer = new FailClosedDialer(readiness, sockets, DialPolicy.TorOnly);

        var connected = Assert.IsType<DialResult.Connected>(await dialer.DialAsync(Onion, 443, CancellationToken.None));
        await using var stream = connected.Stream;
        await stream.WriteAsync("ping"u8.ToArray());
        var echo = new byte[4];
        await stream.ReadExactlyAsync(echo);

        Assert.Equal(DialRoute.Tor, connected.Route);
        Assert.Equal(Socks5.ConnectRequest(Onion, 443), await socks.Request.Task);
        Assert.Equal("ping"u8.ToArray(), echo);
        Assert.Equal(socks.EndPoint, Assert.Single(sockets.Attempts));
    }

    [Fact]
    public async Task Tors_descriptor_not_found_reply_is_reported_with_its_code()
    {
        await using var socks = new FakeSocksServer(FakeSocksServer.Reply(0xF0));
        var readiness = new TorReadiness();
        readiness.MarkReady(socks.EndPoint);
        var dialer = new FailClosedDialer(readiness, new RecordingSocketFactory(), DialPolicy.TorOnly);

        var failed = Assert.IsType<DialResult.Failed>(await dialer.DialAsync(Onion, 443, CancellationToken.None));

        Assert.Equal(DialFailure.SocksRefused, failed.Reason);
        Assert.Equal(Socks5ReplyCode.OnionServiceDescriptorNotFound, failed.ReplyCode);
    }

    [Fact]
    public async Task A_socks_server_that_wants_authentication_is_refused()
    {
        await using var socks = new FakeSocksServer(FakeSocksServer.Reply(0x00), method: 0xFF);
        var readiness = new TorReadiness();
        readiness.MarkReady(socks.EndPoint);
        var dialer = new FailClosedDialer(readiness, new RecordingSocketFactory(), DialPolicy.TorOnly);

        var failed = Assert.IsType<DialResult.Failed>(await dialer.DialAsync(Onion, 443, CancellationToken.None));

        Assert.Equal(Socks5Error.NoAcceptableMethod, failed.SocksError);
    }

    [Fact]
    public async Task A_garbled_socks_reply_is_a_protocol_error_not_a_connection()
    {
        await using var socks = new FakeSocksServer([0x05, 0x00, 0x00, 0x07, 0x00]);
        var readiness = new TorReadiness();
        readiness.MarkReady(socks.EndPoint);
        var dialer = new FailClosedDialer(readiness, new RecordingSocketFactory(), DialPolicy.TorOnly);

        var failed = Assert.IsType<DialResult.Failed>(await dialer.DialAsync(Onion, 443, CancellationToken.None));

        Assert.Equal(DialFailure.SocksProtocolError, failed.Reason);
        Assert.Equal(Socks5Error.UnknownAddressType, failed.SocksError);
    }
}
