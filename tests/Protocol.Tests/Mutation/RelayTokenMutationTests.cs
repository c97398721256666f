using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// Relay and cover token derivation: a wrong-size secret or output buffer is refused by the token code itself,
/// with its own parameter name and message (not by the HMAC helper underneath, which would say <c>mac</c>), and
/// nothing is written into a refused buffer.
/// </summary>
public sealed class RelayTokenMutationTests
{
    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    public void Relay_token_refuses_an_addressing_secret_of_the_wrong_size_with_its_message(int length)
    {
        var e = Assert.Throws<ArgumentException>(() => RelayToken.Derive(new byte[length], RelayDirection.InitiatorToResponder, 1));
        Assert.Equal("addressingSecret", e.ParamName);
        Assert.StartsWith("Addressing secret must be 32 bytes.", e.Message);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    public void Relay_token_refuses_an_output_of_the_wrong_size_with_its_message(int length)
    {
        var token = new byte[length];
        var e = Assert.Throws<ArgumentException>(() => RelayToken.Derive(new byte[32], RelayDirection.ResponderToInitiator, 1, token));
        Assert.Equal("token", e.ParamName);
        Assert.StartsWith("Token must be 32 bytes.", e.Message);
        Assert.All(token, b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    public void Cover_token_refuses_a_device_secret_of_the_wrong_size_with_its_message(int length)
    {
        var e = Assert.Throws<ArgumentException>(() => CoverToken.Derive(new byte[length], 1));
        Assert.Equal("deviceSecret", e.ParamName);
        Assert.StartsWith("Device secret must be 32 bytes.", e.Message);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    public void Cover_token_refuses_an_output_of_the_wrong_size_with_its_message(int length)
    {
        var token = new byte[length];
        var e = Assert.Throws<ArgumentException>(() => CoverToken.Derive(new byte[32], 1, token));
        Assert.Equal("token", e.ParamName);
        Assert.StartsWith("Token must be 32 bytes.", e.Message);
        Assert.All(token, b => Assert.Equal(0, b));
    }
}
