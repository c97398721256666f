using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Relay;

/// <summary>
/// The blobs waiting under the fetched tokens (possibly none).
/// Wire: version ‖ type (3) ‖ count u16 (0..<see cref="RelayLimits.MaxBlobsPerFetch"/>) ‖ count × (blob id (16) ‖
/// token (32) ‖ blob length u32 (a bucket size) ‖ blob), no blob id twice, whole envelope at most
/// <see cref="RelayLimits.MaxFetchResponseBytes"/>.
/// </summary>
public sealed class FetchResponse
{
    public const int HeaderSize = RelayEnvelope.HeaderSize + 2;

    private readonly FetchedBlob[] _blobs;

    /// <summary>
    /// A relay fills a response with <see cref="FetchedBlob.WireSizeFor"/> until the next blob would pass
    /// <see cref="RelayLimits.MaxFetchResponseBytes"/>; passing a bound, or repeating a blob id, is a caller bug.
    /// </summary>
    public FetchResponse(IReadOnlyList<FetchedBlob> blobs)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        if (blobs.Count > RelayLimits.MaxBlobsPerFetch)
        {
            throw new ArgumentException($"A fetch response carries at most {RelayLimits.MaxBlobsPerFetch} blobs.", nameof(blobs));
        }

        var size = (long)HeaderSize;
        for (var i = 0; i < blobs.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(blobs[i], nameof(blobs));
            size += blobs[i].WireSize;
            if (IdSeenBefore(blobs, i))
            {
                throw new ArgumentException("A fetch response carries each blob id once.", nameof(blobs));
            }
        }

        if (size > RelayLimits.MaxFetchResponseBytes)
        {
            throw new ArgumentException($"A fetch response is at most {RelayLimits.MaxFetchResponseBytes} bytes.", nameof(blobs));
        }

        _blobs = [.. blobs];
    }

    public static FetchResponse Empty { get; } = new([]);

    public IReadOnlyList<FetchedBlob> Blobs => _blobs;

    public int WireSize => HeaderSize + _blobs.Sum(b => b.WireSize);

    public byte[] Serialize()
    {
        var output = new byte[WireSize];
        var writer = new WireWriter(output);
        RelayEnvelope.WriteHeader(ref writer, RelayMessageType.FetchResponse);
        writer.WriteUInt16((ushort)_blobs.Length);
        foreach (var entry in _blobs)
        {
            writer.WriteFixed(entry.BlobId.Span);
            writer.WriteFixed(entry.Token.Span);
            writer.WriteVariable32(entry.Blob.Span);
        }

        return output;
    }

    public static ProtocolResult<FetchResponse> Parse(ReadOnlySpan<byte> input)
    {
        if (input.Length > RelayLimits.MaxFetchResponseBytes)
        {
            return ProtocolError.FetchResponseTooLarge;
        }

        var reader = new WireReader(input);
        var error = RelayEnvelope.TryReadHeader(ref reader, RelayMessageType.FetchResponse);
        if (error != ProtocolError.None)
        {
            return error;
        }

        if (!reader.TryReadUInt16(out var count))
        {
            return ProtocolError.Truncated;
        }

        if (count > RelayLimits.MaxBlobsPerFetch)
        {
            return ProtocolError.BlobCountOutOfRange;
        }

        // Every entry needs at least MinWireSize bytes: refuse a count the input cannot hold before allocating.
        if ((long)count * FetchedBlob.MinWireSize > reader.Remaining)
        {
            return ProtocolError.Truncated;
        }

        var blobs = new FetchedBlob[count];
        for (var i = 0; i < count; i++)
        {
            if (!reader.TryReadFixed(RelayLimits.BlobIdSize, out var id) || !reader.TryReadFixed(RelayLimits.TokenSize, out var token))
            {
                return ProtocolError.Truncated;
            }

            error = RelayEnvelope.TryReadBlob(ref reader, out var blob);
            if (error != ProtocolError.None)
            {
                return error;
            }

            blobs[i] = new FetchedBlob(id, token, blob);
            if (IdSeenBefore(blobs, i))
            {
                return ProtocolError.DuplicateRelayEntry;
            }
        }

        if (!reader.IsAtEnd)
        {
            return ProtocolError.TrailingBytes;
        }

        // The public constructor re-checks what was just checked (cheap: at most 64 entries) and copies the
        // array of references, never the blobs.
        return ProtocolResult<FetchResponse>.Ok(new FetchResponse(blobs));
    }

    public override string ToString() => $"FetchResponse({_blobs.Length} blobs)";

    private static bool IdSeenBefore(IReadOnlyList<FetchedBlob> blobs, int index)
    {
        var id = blobs[index].BlobId.Span;
        for (var j = 0; j < index; j++)
        {
            if (id.SequenceEqual(blobs[j].BlobId.Span))
            {
                return true;
            }
        }

        return false;
    }
}
