using System.Buffers.Binary;

namespace Pvtcoms.Protocol.Wire;

/// <summary>
/// Writes big-endian fields into a caller-sized span. Running out of room is a caller bug (the caller
/// computed the size), so it throws rather than returning an error.
/// </summary>
public ref struct WireWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public WireWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly Span<byte> Written => _buffer[.._position];

    public void WriteByte(byte value) => Reserve(1)[0] = value;

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value);

    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Reserve(8), value);

    public void WriteFixed(ReadOnlySpan<byte> value) => value.CopyTo(Reserve(value.Length));

    public void WriteVariable16(ReadOnlySpan<byte> value)
    {
        if (value.Length > ushort.MaxValue)
        {
            throw new ArgumentException("Field longer than a u16 length prefix allows.", nameof(value));
        }

        WriteUInt16((ushort)value.Length);
        WriteFixed(value);
    }

    public void WriteVariable32(ReadOnlySpan<byte> value)
    {
        WriteUInt32((uint)value.Length);
        WriteFixed(value);
    }

    /// <summary>Hands out the next <paramref name="length"/> bytes for the caller to fill in place.</summary>
    public Span<byte> Reserve(int length)
    {
        if (length < 0 || _buffer.Length - _position < length)
        {
            throw new InvalidOperationException("WireWriter buffer too small: the caller computed a wrong size.");
        }

        var span = _buffer.Slice(_position, length);
        _position += length;
        return span;
    }
}
