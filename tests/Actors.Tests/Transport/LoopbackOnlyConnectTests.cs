using System.Net;
using System.Net.Sockets;
using Pvtcoms.Actors.Transport;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.Actors.Tests.Transport;

/// <summary>
/// Fail-closed without Tor (ADR 0061): an <see cref="HttpRelayTransport"/> built without a Tor dialer reaches
/// loopback relays only; an onion relay is refused before any socket or name lookup.
/// </summary>
public sealed class LoopbackOnlyConnectTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("127.0.0.2", "127.0.0.2")]
    [InlineData("[::1]", "::1")]
    [InlineData("localhost", "127.0.0.1")]
    [InlineData("LOCALHOST", "127.0.0.1")]
    public void Loopback_hosts_are_dialled_directly(string host, string address) =>
        Assert.Equal(IPAddress.Parse(address), LoopbackOnlyConnect.LoopbackAddress(host));

    [Theory]
    [InlineData("25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid.onion")]
    [InlineData("example.com")]
    [InlineData("10.0.0.1")]
    [InlineData("192.168.1.10")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("localhost.example.com")]
    public void Anything_else_is_not_a_loopback_host(string host) =>
        Assert.Null(LoopbackOnlyConnect.LoopbackAddress(host));

    [Fact]
    public async Task Without_a_tor_dialer_a_deposit_to_an_onion_relay_fails_closed()
    {
        using var transport = new HttpRelayTransport(_ => new RelayAccess(0), TimeProvider.System, SystemEntropy.Instance,
            requestTimeout: TimeSpan.FromSeconds(10));
        var onion = RelayEndpoint.Parse("25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid.onion:80").Value;

        var outcome = await transport.DepositAsync(onion, new byte[RelayLimits.TokenSize], new byte[RelayLimits.SmallestBucket], CancellationToken.None);

        Assert.Equal(RelayCallStatus.Transient, outcome.Status);
    }

    [Fact]
    public async Task Without_a_tor_dialer_a_loopback_relay_is_still_reached()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = listener.AcceptTcpClientAsync();
        using var transport = new HttpRelayTransport(_ => new RelayAccess(0), TimeProvider.System, SystemEntropy.Instance,
            requestTimeout: TimeSpan.FromSeconds(2));
        var relay = RelayEndpoint.Parse($"127.0.0.1:{port}").Value;

        var outcome = await transport.FetchAsync(relay, [new byte[RelayLimits.TokenSize]], CancellationToken.None);

        using var connection = await accepted.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(connection.Connected);
        Assert.Equal(RelayCallStatus.Transient, outcome.Status);
    }
}
