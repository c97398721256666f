using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Handshake;

/// <summary>The one field shape of the handshake formats: u16 big-endian length ‖ bytes, of an exact length.</summary>
internal static class HandshakeWire
{
    public const int FieldOverhead = 2;

    public static void WriteField(ref WireWriter writer, ReadOnlySpan<byte> value) => writer.WriteVariable16(value);

    /// <summary>
    /// Reads a field whose length must be exactly <paramref name="expectedLength"/>; any other declared length
    /// is <paramref name="wrongLength"/>, a missing byte is <see cref="ProtocolError.Truncated"/>.
    /// </summary>
    public static ProtocolError ReadField(scoped ref WireReader reader, int expectedLength, ProtocolError wrongLength, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!reader.TryReadUInt16(out var length))
        {
            return ProtocolError.Truncated;
        }

        if (length != expectedLength)
        {
            return wrongLength;
        }

        return reader.TryReadFixed(length, out value) ? ProtocolError.None : ProtocolError.Truncated;
    }

    /// <summary>Reads the presence flag of an optional group: 0 absent, 1 present, anything else InvalidEncoding.</summary>
    public static ProtocolError ReadPresence(scoped ref WireReader reader, out bool present)
    {
        present = false;
        if (!reader.TryReadByte(out var flag))
        {
            return ProtocolError.Truncated;
        }

        if (flag > 1)
        {
            return ProtocolError.InvalidEncoding;
        }

        present = flag == 1;
        return ProtocolError.None;
    }
}
