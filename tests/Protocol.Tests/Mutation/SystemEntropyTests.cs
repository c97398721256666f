using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>The production entropy source fills every byte it is handed, differently each time.</summary>
public sealed class SystemEntropyTests
{
    [Fact]
    public void System_entropy_fills_the_whole_buffer_with_fresh_bytes_each_call()
    {
        var first = new byte[64];
        var second = new byte[64];
        SystemEntropy.Instance.Fill(first);
        SystemEntropy.Instance.Fill(second);

        // 64 zero bytes, or two equal 512-bit draws, have probability 2^-512 from a working generator.
        Assert.Contains(first, b => b != 0);
        Assert.NotEqual(first, second);
        Assert.Contains(first.AsSpan(32).ToArray(), b => b != 0);
    }

    [Fact]
    public void System_entropy_is_one_shared_instance()
    {
        Assert.Same(SystemEntropy.Instance, SystemEntropy.Instance);
        Assert.IsAssignableFrom<IEntropy>(SystemEntropy.Instance);
    }
}
