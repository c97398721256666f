using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// The profile's 32-byte device key: it seals every row of the client store (<c>AtRestSeal</c>). Zeroed on
/// <see cref="Dispose"/>; <see cref="ToString"/> reveals nothing; reading it after Dispose throws.
/// </summary>
public sealed class DeviceKey : IDisposable
{
    public const int Size = 32;

    private readonly byte[] _key;
    private bool _disposed;

    private DeviceKey(byte[] key) => _key = key;

    /// <summary>A fresh key from <paramref name="entropy"/>.</summary>
    public static DeviceKey Generate(IEntropy entropy)
    {
        ArgumentNullException.ThrowIfNull(entropy);
        var key = new byte[Size];
        entropy.Fill(key);
        return new DeviceKey(key);
    }

    /// <summary>A copy of <paramref name="key"/> (the caller zeroes its own buffer).</summary>
    public static DeviceKey FromBytes(ReadOnlySpan<byte> key) =>
        key.Length == Size ? new DeviceKey(key.ToArray()) : throw new ArgumentException($"Expected {Size} bytes.", nameof(key));

    /// <summary>The key bytes, for <c>AtRestSeal</c>. Do not copy them anywhere that outlives this object.</summary>
    public ReadOnlySpan<byte> Bytes
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _key;
        }
    }

    /// <summary>Fixed-time comparison of two keys.</summary>
    public bool KeyEquals(DeviceKey other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return CryptographicOperations.FixedTimeEquals(Bytes, other.Bytes);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_key);
        _disposed = true;
    }

    public override string ToString() => "DeviceKey(redacted)";
}
