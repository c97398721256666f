using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// The writer's caller-bug checks (a wrong size computed by the caller throws its own exception, never a
/// framework slice exception, never a silently short write) and the reader's u16-prefix truncation.
/// </summary>
public sealed class WireWriterMutationTests
{
    [Fact]
    public void A_variable16_field_longer_than_a_u16_prefix_allows_throws_even_with_room_to_spare()
    {
        var buffer = new byte[2 + ushort.MaxValue + 1];
        var error = Assert.Throws<ArgumentException>(() =>
        {
            var writer = new WireWriter(buffer);
            writer.WriteVariable16(new byte[ushort.MaxValue + 1]);
        });
        Assert.Equal("value", error.ParamName);
        Assert.StartsWith("Field longer than a u16 length prefix allows.", error.Message, StringComparison.Ordinal);
        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_variable16_field_of_exactly_65535_bytes_is_written_with_its_prefix()
    {
        var buffer = new byte[2 + ushort.MaxValue];
        var writer = new WireWriter(buffer);
        writer.WriteVariable16(Enumerable.Repeat((byte)0xAB, ushort.MaxValue).ToArray());
        Assert.Equal(buffer.Length, writer.Position);
        Assert.Equal(0xFF, buffer[0]);
        Assert.Equal(0xFF, buffer[1]);
        Assert.Equal(0xAB, buffer[^1]);
    }

    [Fact]
    public void Reserving_a_negative_length_is_a_caller_bug_reported_by_the_writer()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new WireWriter(new byte[8]);
            writer.Reserve(-1);
        });
        Assert.Equal("WireWriter buffer too small: the caller computed a wrong size.", error.Message);
    }

    [Fact]
    public void Writing_past_the_end_after_earlier_writes_is_a_caller_bug_reported_by_the_writer()
    {
        var buffer = new byte[4];
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new WireWriter(buffer);
            writer.WriteFixed([1, 2, 3]);
            writer.WriteUInt16(0x0405);
        });
        Assert.Equal("WireWriter buffer too small: the caller computed a wrong size.", error.Message);
        Assert.Equal(new byte[] { 1, 2, 3, 0 }, buffer);
    }

    [Fact]
    public void The_last_free_bytes_can_be_reserved_exactly()
    {
        var buffer = new byte[4];
        var writer = new WireWriter(buffer);
        writer.WriteByte(9);
        writer.Reserve(3).Fill(7);
        Assert.Equal(4, writer.Position);
        Assert.Equal(new byte[] { 9, 7, 7, 7 }, buffer);
        Assert.Equal(buffer, writer.Written.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void A_u16_length_prefix_cut_short_is_truncated_and_consumes_nothing(int length)
    {
        var reader = new WireReader(new byte[length]);
        Assert.Equal(ProtocolError.Truncated, reader.TryReadVariable16(100, out var value));
        Assert.True(value.IsEmpty);
        Assert.Equal(0, reader.Position);
    }
}
