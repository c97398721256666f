using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>Bounds of the at-rest and message seals that the existing seal tests leave open.</summary>
public sealed class SealCallerContractTests
{
    private static readonly byte[] s_deviceKey = Enumerable.Repeat((byte)0x5A, AtRestSeal.KeySize).ToArray();

    [Fact]
    public void Row_id_of_65535_bytes_seals_and_one_byte_more_is_a_caller_bug()
    {
        var longestRow = new byte[ushort.MaxValue];
        var sealedBytes = AtRestSeal.Seal(s_deviceKey, "t", longestRow, "x"u8, new DeterministicEntropy(1));
        Assert.True(AtRestSeal.Open(s_deviceKey, "t", longestRow, sealedBytes).IsOk);
        Assert.Throws<ArgumentException>(() =>
            AtRestSeal.Seal(s_deviceKey, "t", new byte[ushort.MaxValue + 1], "x"u8, new DeterministicEntropy(1)));
        Assert.Throws<ArgumentException>(() => AtRestSeal.Open(s_deviceKey, "t", new byte[ushort.MaxValue + 1], sealedBytes));
    }

    [Fact]
    public void Null_table_or_entropy_is_a_caller_bug()
    {
        Assert.Equal("table", Assert.Throws<ArgumentNullException>(() =>
            AtRestSeal.Seal(s_deviceKey, null!, [1], "x"u8, new DeterministicEntropy(1))).ParamName);
        Assert.Throws<ArgumentNullException>(() => AtRestSeal.Seal(s_deviceKey, "t", [1], "x"u8, null!));
        Assert.Throws<ArgumentNullException>(() => AtRestSeal.Open(s_deviceKey, null!, [1], new byte[AtRestSeal.Overhead]));
    }

    [Fact]
    public void At_rest_input_of_exactly_the_overhead_opens_to_an_empty_value()
    {
        var sealedBytes = AtRestSeal.Seal(s_deviceKey, "t", [1], [], new DeterministicEntropy(2));
        Assert.Equal(AtRestSeal.Overhead, sealedBytes.Length);
        var opened = AtRestSeal.Open(s_deviceKey, "t", [1], sealedBytes);
        Assert.True(opened.IsOk);
        Assert.Empty(opened.Value);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void Message_try_open_into_a_buffer_of_the_wrong_size_is_refused(int delta)
    {
        var key = Enumerable.Repeat((byte)7, MessageSeal.MessageKeySize).ToArray();
        var sealedBytes = MessageSeal.Seal(key, "hello"u8, "ad"u8);
        Assert.False(MessageSeal.TryOpen(key, sealedBytes, "ad"u8, new byte[5 + delta]));
        var plaintext = new byte[5];
        Assert.True(MessageSeal.TryOpen(key, sealedBytes, "ad"u8, plaintext));
        Assert.Equal("hello"u8.ToArray(), plaintext);
    }

    [Fact]
    public void Message_seal_of_exactly_a_tag_opens_to_an_empty_plaintext()
    {
        var key = Enumerable.Repeat((byte)8, MessageSeal.MessageKeySize).ToArray();
        var sealedBytes = MessageSeal.Seal(key, [], "ad"u8);
        Assert.Equal(MessageSeal.Overhead, sealedBytes.Length);
        var opened = MessageSeal.Open(key, sealedBytes, "ad"u8);
        Assert.True(opened.IsOk);
        Assert.Empty(opened.Value);
        Assert.Equal(ProtocolError.Truncated, MessageSeal.Open(key, sealedBytes.AsSpan(1), "ad"u8).Error);
    }
}
