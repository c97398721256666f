using System.Buffers.Binary;

namespace Pvtcoms.Protocol.Wire;

/// <summary>
/// A bounds-checked cursor over untrusted bytes. Every read checks the remaining length first and
/// reports <see cref="ProtocolError.Truncated"/> instead of reading past the end; variable-length
/// fields are bounded by an explicit maximum before anything is sliced or allocated.
/// </summary>
public ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public WireReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _buffer.Length - _position;

    public readonly bool IsAtEnd => _position == _buffer.Length;

    /// <summary>
    /// Reads the leading version byte every format starts with: <see cref="ProtocolError.Truncated"/> when it
    /// is missing, <see cref="ProtocolError.UnsupportedVersion"/> when it is not <paramref name="expected"/>.
    /// </summary>
    public ProtocolError TryReadVersion(byte expected)
    {
        if (!TryReadByte(out var version))
        {
            return ProtocolError.Truncated;
        }

        return version == expected ? ProtocolError.None : ProtocolError.UnsupportedVersion;
    }

    public bool TryReadByte(out byte value)
    {
        if (Remaining < 1)
        {
            value = 0;
            return false;
        }

        value = _buffer[_position++];
        return true;
    }

    public bool TryReadUInt16(out ushort value)
    {
        if (Remaining < 2)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(_buffer.Slice(_position, 2));
        _position += 2;
        return true;
    }

    public bool TryReadUInt32(out uint value)
    {
        if (Remaining < 4)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(_position, 4));
        _position += 4;
        return true;
    }

    public bool TryReadUInt64(out ulong value)
    {
        if (Remaining < 8)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(_position, 8));
        _position += 8;
        return true;
    }

    /// <summary>Reads exactly <paramref name="length"/> bytes.</summary>
    public bool TryReadFixed(int length, out ReadOnlySpan<byte> value)
    {
        if (length < 0 || Remaining < length)
        {
            value = default;
            return false;
        }

        value = _buffer.Slice(_position, length);
        _position += length;
        return true;
    }

    /// <summary>Reads a u16-length-prefixed field; fails with LengthOutOfRange above <paramref name="maxLength"/>.</summary>
    public ProtocolError TryReadVariable16(int maxLength, out ReadOnlySpan<byte> value)
    {
        value = default;
        var start = _position;
        if (!TryReadUInt16(out var length))
        {
            return ProtocolError.Truncated;
        }

        if (length > maxLength)
        {
            _position = start;
            return ProtocolError.LengthOutOfRange;
        }

        if (!TryReadFixed(length, out value))
        {
            _position = start;
            return ProtocolError.Truncated;
        }

        return ProtocolError.None;
    }

    /// <summary>Reads a u32-length-prefixed field; fails with LengthOutOfRange above <paramref name="maxLength"/>.</summary>
    public ProtocolError TryReadVariable32(int maxLength, out ReadOnlySpan<byte> value)
    {
        value = default;
        var start = _position;
        if (!TryReadUInt32(out var length))
        {
            return ProtocolError.Truncated;
        }

        if (length > (uint)maxLength)
        {
            _position = start;
            return ProtocolError.LengthOutOfRange;
        }

        if (!TryReadFixed((int)length, out value))
        {
            _position = start;
            return ProtocolError.Truncated;
        }

        return ProtocolError.None;
    }

    /// <summary>Whatever is left, consumed.</summary>
    public ReadOnlySpan<byte> ReadRest()
    {
        var rest = _buffer[_position..];
        _position = _buffer.Length;
        return rest;
    }
}
