using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Relay;

/// <summary>
/// The relay's aggregate counters for its loopback-only health endpoint: never a per-token figure.
/// Wire: version ‖ type (6) ‖ stored blobs u64 ‖ stored bytes u64 ‖ deposits since start u64 ‖
/// fetches since start u64 ‖ uptime seconds u64.
/// </summary>
public sealed record RelayHealth(ulong StoredBlobs, ulong StoredBytes, ulong DepositsSinceStart, ulong FetchesSinceStart, ulong UptimeSeconds)
{
    public const int WireSize = RelayEnvelope.HeaderSize + (5 * 8);

    public byte[] Serialize()
    {
        var output = new byte[WireSize];
        var writer = new WireWriter(output);
        RelayEnvelope.WriteHeader(ref writer, RelayMessageType.Health);
        writer.WriteUInt64(StoredBlobs);
        writer.WriteUInt64(StoredBytes);
        writer.WriteUInt64(DepositsSinceStart);
        writer.WriteUInt64(FetchesSinceStart);
        writer.WriteUInt64(UptimeSeconds);
        return output;
    }

    public static ProtocolResult<RelayHealth> Parse(ReadOnlySpan<byte> input)
    {
        var reader = new WireReader(input);
        var error = RelayEnvelope.TryReadHeader(ref reader, RelayMessageType.Health);
        if (error != ProtocolError.None)
        {
            return error;
        }

        if (!reader.TryReadUInt64(out var blobs)
            || !reader.TryReadUInt64(out var bytes)
            || !reader.TryReadUInt64(out var deposits)
            || !reader.TryReadUInt64(out var fetches)
            || !reader.TryReadUInt64(out var uptime))
        {
            return ProtocolError.Truncated;
        }

        if (!reader.IsAtEnd)
        {
            return ProtocolError.TrailingBytes;
        }

        return ProtocolResult<RelayHealth>.Ok(new RelayHealth(blobs, bytes, deposits, fetches, uptime));
    }
}
