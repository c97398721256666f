using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Relay;

/// <summary>
/// Deposit one bucket-sized blob under a mailbox token, with a proof-of-work stamp.
/// Wire: version ‖ type (1) ‖ token (32) ‖ epoch u64 ‖ pow nonce u64 ‖ blob length u32 (a bucket size) ‖ blob.
/// </summary>
public sealed class DepositRequest
{
    public const int FixedSize = RelayEnvelope.HeaderSize + RelayLimits.TokenSize + 8 + 8 + 4;

    private readonly byte[] _token;
    private readonly byte[] _blob;

    /// <summary>Copies its inputs. A wrong-size token or a blob that is not a bucket size is a caller bug.</summary>
    public DepositRequest(ReadOnlySpan<byte> token, ulong epoch, ulong powNonce, ReadOnlySpan<byte> blob)
    {
        if (!RelayLimits.IsBucketSize(blob.Length))
        {
            throw new ArgumentException("Blob must be exactly a bucket size.", nameof(blob));
        }

        _token = RelayEnvelope.CopyFixed(token, RelayLimits.TokenSize, nameof(token));
        _blob = blob.ToArray();
        Epoch = epoch;
        PowNonce = powNonce;
    }

    public ReadOnlyMemory<byte> Token => _token;

    /// <summary>The proof-of-work epoch the stamp was made for.</summary>
    public ulong Epoch { get; }

    public ulong PowNonce { get; }

    public ReadOnlyMemory<byte> Blob => _blob;

    public int WireSize => FixedSize + _blob.Length;

    public byte[] Serialize()
    {
        var output = new byte[WireSize];
        var writer = new WireWriter(output);
        RelayEnvelope.WriteHeader(ref writer, RelayMessageType.DepositRequest);
        writer.WriteFixed(_token);
        writer.WriteUInt64(Epoch);
        writer.WriteUInt64(PowNonce);
        writer.WriteVariable32(_blob);
        return output;
    }

    public static ProtocolResult<DepositRequest> Parse(ReadOnlySpan<byte> input)
    {
        var reader = new WireReader(input);
        var error = RelayEnvelope.TryReadHeader(ref reader, RelayMessageType.DepositRequest);
        if (error != ProtocolError.None)
        {
            return error;
        }

        if (!reader.TryReadFixed(RelayLimits.TokenSize, out var token)
            || !reader.TryReadUInt64(out var epoch)
            || !reader.TryReadUInt64(out var nonce))
        {
            return ProtocolError.Truncated;
        }

        error = RelayEnvelope.TryReadBlob(ref reader, out var blob);
        if (error != ProtocolError.None)
        {
            return error;
        }

        if (!reader.IsAtEnd)
        {
            return ProtocolError.TrailingBytes;
        }

        return ProtocolResult<DepositRequest>.Ok(new DepositRequest(token, epoch, nonce, blob));
    }

    public override string ToString() => $"DepositRequest(epoch {Epoch}, blob {_blob.Length} bytes)";
}
