using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Relay;

/// <summary>
/// Burn fetched blobs, sent only after the client has stored them durably.
/// Wire: version ‖ type (4) ‖ count u16 (1..<see cref="RelayLimits.MaxBlobIdsPerConfirm"/>) ‖ count × blob id (16),
/// no id twice.
/// </summary>
public sealed class ConfirmRequest
{
    private readonly byte[][] _blobIds;

    /// <summary>Copies the ids. A count out of range, a wrong-size or repeated id is a caller bug.</summary>
    public ConfirmRequest(IReadOnlyList<byte[]> blobIds)
    {
        ArgumentNullException.ThrowIfNull(blobIds);
        if (blobIds.Count is < 1 or > RelayLimits.MaxBlobIdsPerConfirm)
        {
            throw new ArgumentException($"A confirm names 1..{RelayLimits.MaxBlobIdsPerConfirm} blob ids.", nameof(blobIds));
        }

        var packed = new byte[blobIds.Count * RelayLimits.BlobIdSize];
        for (var i = 0; i < blobIds.Count; i++)
        {
            RelayEnvelope.CopyFixed(blobIds[i], RelayLimits.BlobIdSize, nameof(blobIds)).CopyTo(packed, i * RelayLimits.BlobIdSize);
        }

        if (RelayEnvelope.HasDuplicate(packed, RelayLimits.BlobIdSize))
        {
            throw new ArgumentException("A confirm names each blob id once.", nameof(blobIds));
        }

        _blobIds = RelayEnvelope.SplitCopies(packed, RelayLimits.BlobIdSize);
    }

    private ConfirmRequest(byte[][] blobIds)
    {
        _blobIds = blobIds;
    }

    public int Count => _blobIds.Length;

    public ReadOnlyMemory<byte> BlobIdAt(int index) => _blobIds[index];

    public IEnumerable<ReadOnlyMemory<byte>> BlobIds => _blobIds.Select(t => (ReadOnlyMemory<byte>)t);

    public int WireSize => RelayEnvelope.HeaderSize + 2 + (_blobIds.Length * RelayLimits.BlobIdSize);

    public byte[] Serialize()
    {
        var output = new byte[WireSize];
        var writer = new WireWriter(output);
        RelayEnvelope.WriteHeader(ref writer, RelayMessageType.ConfirmRequest);
        writer.WriteUInt16((ushort)_blobIds.Length);
        foreach (var id in _blobIds)
        {
            writer.WriteFixed(id);
        }

        return output;
    }

    public static ProtocolResult<ConfirmRequest> Parse(ReadOnlySpan<byte> input)
    {
        var reader = new WireReader(input);
        var error = RelayEnvelope.TryReadHeader(ref reader, RelayMessageType.ConfirmRequest);
        if (error != ProtocolError.None)
        {
            return error;
        }

        error = RelayEnvelope.TryReadFixedItems(
            ref reader, RelayLimits.BlobIdSize, 1, RelayLimits.MaxBlobIdsPerConfirm, ProtocolError.BlobCountOutOfRange, out var ids);
        if (error != ProtocolError.None)
        {
            return error;
        }

        if (!reader.IsAtEnd)
        {
            return ProtocolError.TrailingBytes;
        }

        return ProtocolResult<ConfirmRequest>.Ok(new ConfirmRequest(RelayEnvelope.SplitCopies(ids, RelayLimits.BlobIdSize)));
    }

    public override string ToString() => $"ConfirmRequest({_blobIds.Length} blob ids)";
}
