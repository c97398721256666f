using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Relay;

/// <summary>
/// Ask for the blobs waiting under some tokens.
/// Wire: version ‖ type (2) ‖ count u16 (1..<see cref="RelayLimits.MaxTokensPerFetch"/>) ‖ count × token (32),
/// no token twice.
/// </summary>
public sealed class FetchRequest
{
    private readonly byte[][] _tokens;

    /// <summary>Copies the tokens. A count out of range, a wrong-size or repeated token is a caller bug.</summary>
    public FetchRequest(IReadOnlyList<byte[]> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count is < 1 or > RelayLimits.MaxTokensPerFetch)
        {
            throw new ArgumentException($"A fetch names 1..{RelayLimits.MaxTokensPerFetch} tokens.", nameof(tokens));
        }

        var packed = new byte[tokens.Count * RelayLimits.TokenSize];
        for (var i = 0; i < tokens.Count; i++)
        {
            RelayEnvelope.CopyFixed(tokens[i], RelayLimits.TokenSize, nameof(tokens)).CopyTo(packed, i * RelayLimits.TokenSize);
        }

        if (RelayEnvelope.HasDuplicate(packed, RelayLimits.TokenSize))
        {
            throw new ArgumentException("A fetch names each token once.", nameof(tokens));
        }

        _tokens = RelayEnvelope.SplitCopies(packed, RelayLimits.TokenSize);
    }

    private FetchRequest(byte[][] tokens)
    {
        _tokens = tokens;
    }

    public int Count => _tokens.Length;

    public ReadOnlyMemory<byte> TokenAt(int index) => _tokens[index];

    public IEnumerable<ReadOnlyMemory<byte>> Tokens => _tokens.Select(t => (ReadOnlyMemory<byte>)t);

    public int WireSize => RelayEnvelope.HeaderSize + 2 + (_tokens.Length * RelayLimits.TokenSize);

    public byte[] Serialize()
    {
        var output = new byte[WireSize];
        var writer = new WireWriter(output);
        RelayEnvelope.WriteHeader(ref writer, RelayMessageType.FetchRequest);
        writer.WriteUInt16((ushort)_tokens.Length);
        foreach (var token in _tokens)
        {
            writer.WriteFixed(token);
        }

        return output;
    }

    public static ProtocolResult<FetchRequest> Parse(ReadOnlySpan<byte> input)
    {
        var reader = new WireReader(input);
        var error = RelayEnvelope.TryReadHeader(ref reader, RelayMessageType.FetchRequest);
        if (error != ProtocolError.None)
        {
            return error;
        }

        error = RelayEnvelope.TryReadFixedItems(
            ref reader, RelayLimits.TokenSize, 1, RelayLimits.MaxTokensPerFetch, ProtocolError.TokenCountOutOfRange, out var tokens);
        if (error != ProtocolError.None)
        {
            return error;
        }

        if (!reader.IsAtEnd)
        {
            return ProtocolError.TrailingBytes;
        }

        return ProtocolResult<FetchRequest>.Ok(new FetchRequest(RelayEnvelope.SplitCopies(tokens, RelayLimits.TokenSize)));
    }

    public override string ToString() => $"FetchRequest({_tokens.Length} tokens)";
}
