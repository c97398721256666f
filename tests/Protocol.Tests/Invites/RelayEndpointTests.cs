using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Protocol.Tests.Invites;

public sealed class RelayEndpointTests
{
    private const string Label = "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx";

    [Theory]
    [InlineData(Label + ".onion", true)]
    [InlineData(Label + ".onion:80", true)]
    [InlineData(Label + ".onion:65535", true)]
    [InlineData("http://127.0.0.1:8080", false)]
    [InlineData("https://127.0.0.1:1", false)]
    [InlineData("127.0.0.1:8080", false)]
    [InlineData("localhost:9", false)]
    [InlineData("http://localhost:9", false)]
    [InlineData("[::1]:443", false)]
    [InlineData("https://[::1]:443", false)]
    public void Onion_and_loopback_addresses_are_accepted(string address, bool isOnion)
    {
        var endpoint = RelayEndpoint.Parse(address).Value;
        Assert.Equal(address, endpoint.Address);
        Assert.Equal(isOnion, endpoint.IsOnion);
        Assert.Equal(endpoint, RelayEndpoint.Parse(endpoint.ToBytes()).Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(Label + ".onion:0")]
    [InlineData(Label + ".onion:65536")]
    [InlineData(Label + ".onion:080")]
    [InlineData(Label + ".onion:")]
    [InlineData(Label + ".onion:8a")]
    [InlineData(Label + ".onion/")]
    [InlineData("http://" + Label + ".onion")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRSTUVWX.onion")]
    [InlineData("abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvw.onion")]
    [InlineData("abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwxy.onion")]
    [InlineData("abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuv01.onion")]
    [InlineData(Label + ".onion.example.com")]
    [InlineData("example.com:80")]
    [InlineData("http://example.com:80")]
    [InlineData("http://127.0.0.1")]
    [InlineData("127.0.0.2:80")]
    [InlineData("http://127.0.0.1:80/path")]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("[::1]")]
    [InlineData("localhost")]
    [InlineData("localhost.evil.com:80")]
    [InlineData(" localhost:80")]
    public void Anything_else_is_refused(string address)
    {
        Assert.Equal(ProtocolError.InvalidRelayAddress, RelayEndpoint.Parse(address).Error);
    }

    [Fact]
    public void Non_ascii_and_overlong_wire_bytes_are_refused()
    {
        Assert.Equal(ProtocolError.InvalidRelayAddress, RelayEndpoint.Parse("localhost:8\u0660"u8.ToArray()).Error);
        Assert.Equal(ProtocolError.InvalidRelayAddress, RelayEndpoint.Parse(new byte[256]).Error);
        Assert.Equal(ProtocolError.InvalidRelayAddress, RelayEndpoint.Parse(ReadOnlySpan<byte>.Empty).Error);
        Assert.Equal(ProtocolError.InvalidRelayAddress, RelayEndpoint.Parse((string?)null).Error);
    }
}
