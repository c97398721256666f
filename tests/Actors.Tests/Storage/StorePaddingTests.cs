using Pvtcoms.Actors.Storage;

namespace Pvtcoms.Actors.Tests.Storage;

public sealed class StorePaddingTests
{
    [Theory]
    [InlineData(0, 64)]
    [InlineData(60, 64)]
    [InlineData(61, 128)]
    [InlineData(1020, 1024)]
    [InlineData(1021, 2048)]
    [InlineData(16380, 16384)]
    [InlineData(16381, 32768)]
    [InlineData(65536 + 105, 81920)]
    [InlineData(262144 + 105, 278528)]
    public void Payloads_are_padded_to_their_size_class(int payloadLength, int padded)
    {
        Assert.Equal(padded, StorePadding.ClassFor(payloadLength));
        Assert.Equal(padded, StorePadding.Pad(new byte[payloadLength]).Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(61)]
    [InlineData(5000)]
    public void Padding_round_trips(int length)
    {
        var payload = Enumerable.Range(0, length).Select(i => (byte)(i * 7 + 1)).ToArray();
        Assert.True(StorePadding.TryUnpad(StorePadding.Pad(payload), out var back));
        Assert.Equal(payload, back);
    }

    [Fact]
    public void Padding_that_is_not_exactly_as_written_is_refused()
    {
        var padded = StorePadding.Pad([1, 2, 3]);
        var nonZeroTail = (byte[])padded.Clone();
        nonZeroTail[^1] = 1;
        var longLength = (byte[])padded.Clone();
        longLength[3] = 61;
        var wrongClass = padded.Concat(new byte[64]).ToArray();

        Assert.False(StorePadding.TryUnpad(nonZeroTail, out _));
        Assert.False(StorePadding.TryUnpad(longLength, out _));
        Assert.False(StorePadding.TryUnpad(wrongClass, out _));
        Assert.False(StorePadding.TryUnpad(padded.AsSpan(0, 3), out _));
    }
}
