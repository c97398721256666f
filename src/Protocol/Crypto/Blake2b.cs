namespace Pvtcoms.Protocol.Crypto;

/// <summary>BLAKE2b (RFC 7693), optionally keyed, 16..64-byte output.</summary>
public static class Blake2b
{
    public const int MinOutputSize = 16;
    public const int MaxOutputSize = 64;
    public const int MaxKeySize = 64;

    public static void Hash(ReadOnlySpan<byte> data, Span<byte> output) => KeyedHash(ReadOnlySpan<byte>.Empty, data, output);

    public static void KeyedHash(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> output)
    {
        if (output.Length is < MinOutputSize or > MaxOutputSize)
        {
            throw new ArgumentException($"BLAKE2b output must be {MinOutputSize}..{MaxOutputSize} bytes.", nameof(output));
        }

        if (key.Length > MaxKeySize)
        {
            throw new ArgumentException($"BLAKE2b key must be at most {MaxKeySize} bytes.", nameof(key));
        }

        Sodium.EnsureInitialized();
        _ = Sodium.crypto_generichash_blake2b(output, (nuint)output.Length, data, (ulong)data.Length, key, (nuint)key.Length);
    }
}
