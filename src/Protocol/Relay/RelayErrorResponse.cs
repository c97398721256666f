using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Relay;

/// <summary>
/// A relay's refusal. Wire: version ‖ type (5) ‖ reason u16 (a defined <see cref="RelayRejection"/>).
/// </summary>
public sealed record RelayErrorResponse
{
    public const int WireSize = RelayEnvelope.HeaderSize + 2;

    public RelayErrorResponse(RelayRejection reason)
    {
        if (!IsDefined((ushort)reason))
        {
            throw new ArgumentOutOfRangeException(nameof(reason));
        }

        Reason = reason;
    }

    public RelayRejection Reason { get; }

    public byte[] Serialize()
    {
        var output = new byte[WireSize];
        var writer = new WireWriter(output);
        RelayEnvelope.WriteHeader(ref writer, RelayMessageType.ErrorResponse);
        writer.WriteUInt16((ushort)Reason);
        return output;
    }

    public static ProtocolResult<RelayErrorResponse> Parse(ReadOnlySpan<byte> input)
    {
        var reader = new WireReader(input);
        var error = RelayEnvelope.TryReadHeader(ref reader, RelayMessageType.ErrorResponse);
        if (error != ProtocolError.None)
        {
            return error;
        }

        if (!reader.TryReadUInt16(out var code))
        {
            return ProtocolError.Truncated;
        }

        if (!IsDefined(code))
        {
            return ProtocolError.UnknownRelayRejection;
        }

        if (!reader.IsAtEnd)
        {
            return ProtocolError.TrailingBytes;
        }

        return ProtocolResult<RelayErrorResponse>.Ok(new RelayErrorResponse((RelayRejection)code));
    }

    private static bool IsDefined(ushort code) => code is >= (ushort)RelayRejection.BadPow and <= (ushort)RelayRejection.Busy;
}
