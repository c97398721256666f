using System.Security.Cryptography;

namespace Pvtcoms.Protocol.Ratchet;

/// <summary>
/// Remembers hek for the last header key it was asked about, so a chain's messages derive it once. It
/// checks the header key on every use (no invalidation to forget) and is never serialized.
/// </summary>
internal sealed class HeaderAeadKeyCache
{
    private const int K = RatchetLimits.KeySize;

    private readonly byte[] _buffer = new byte[2 * K];
    private bool _filled;

    /// <summary>hek for <paramref name="headerKey"/>; valid until the next call or <see cref="Clear"/>.</summary>
    public ReadOnlySpan<byte> AeadKeyFor(ReadOnlySpan<byte> headerKey)
    {
        var cachedHeaderKey = _buffer.AsSpan(0, K);
        var aeadKey = _buffer.AsSpan(K, K);
        if (!_filled || !CryptographicOperations.FixedTimeEquals(cachedHeaderKey, headerKey))
        {
            headerKey.CopyTo(cachedHeaderKey);
            HeaderEncryption.DeriveAeadKey(headerKey, aeadKey);
            _filled = true;
        }

        return aeadKey;
    }

    public void Clear()
    {
        CryptographicOperations.ZeroMemory(_buffer);
        _filled = false;
    }

    internal byte[] BufferForTest => _buffer;

    public override string ToString() => nameof(HeaderAeadKeyCache);
}
