namespace Pvtcoms.Protocol.Relay;

/// <summary>One blob in a fetch response: the relay's id for it (to confirm later), its token, the blob.</summary>
public sealed class FetchedBlob
{
    /// <summary>Entry bytes on the wire besides the blob itself: id (16) ‖ token (32) ‖ blob length u32.</summary>
    public const int FixedSize = RelayLimits.BlobIdSize + RelayLimits.TokenSize + 4;

    /// <summary>Smallest entry on the wire (a blob of the smallest bucket).</summary>
    public const int MinWireSize = FixedSize + RelayLimits.SmallestBucket;

    private readonly byte[] _blobId;
    private readonly byte[] _token;
    private readonly byte[] _blob;

    /// <summary>Copies its inputs. A wrong-size id or token, or a blob that is not a bucket size, is a caller bug.</summary>
    public FetchedBlob(ReadOnlySpan<byte> blobId, ReadOnlySpan<byte> token, ReadOnlySpan<byte> blob)
    {
        if (!RelayLimits.IsBucketSize(blob.Length))
        {
            throw new ArgumentException("Blob must be exactly a bucket size.", nameof(blob));
        }

        _blobId = RelayEnvelope.CopyFixed(blobId, RelayLimits.BlobIdSize, nameof(blobId));
        _token = RelayEnvelope.CopyFixed(token, RelayLimits.TokenSize, nameof(token));
        _blob = blob.ToArray();
    }

    public ReadOnlyMemory<byte> BlobId => _blobId;

    public ReadOnlyMemory<byte> Token => _token;

    public ReadOnlyMemory<byte> Blob => _blob;

    public int WireSize => FixedSize + _blob.Length;

    public static int WireSizeFor(int blobLength) => FixedSize + blobLength;

    public override string ToString() => $"FetchedBlob({_blob.Length} bytes)";
}
