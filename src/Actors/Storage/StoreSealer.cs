using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Actors.Storage;

/// <summary>
/// The store's two sub-keys, derived from the device key: the seal key (every row is an <see cref="AtRestSeal"/>
/// under it, AAD = table and row identity) and the row key (BLAKE2b-256 keyed hash of a logical id = the row key
/// kept in the clear). Zeroed on <see cref="Dispose"/>; <see cref="ToString"/> reveals nothing.
/// </summary>
internal sealed class StoreSealer : IDisposable
{
    public const int KeySize = 32;
    public const int RowKeySize = 32;
    public const int SaltSize = 32;

    private readonly byte[] _sealKey = new byte[KeySize];
    private readonly byte[] _rowKey = new byte[KeySize];
    private readonly IEntropy _entropy;
    private bool _disposed;

    public StoreSealer(ReadOnlySpan<byte> deviceKey, ReadOnlySpan<byte> salt, IEntropy entropy)
    {
        if (deviceKey.Length != KeySize)
        {
            throw new ArgumentException($"The device key must be {KeySize} bytes.", nameof(deviceKey));
        }

        ArgumentNullException.ThrowIfNull(entropy);
        _entropy = entropy;
        Kdf.Hkdf(deviceKey, salt, Labels.StoreSealKey, _sealKey);
        Kdf.Hkdf(deviceKey, salt, Labels.StoreRowKey, _rowKey);
    }

    /// <summary>BLAKE2b-256(key = row key, u16 BE len ‖ purpose (UTF-8) ‖ id).</summary>
    public byte[] RowKey(string purpose, ReadOnlySpan<byte> id)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var purposeBytes = Encoding.UTF8.GetBytes(purpose);
        var input = new byte[2 + purposeBytes.Length + id.Length];
        BinaryPrimitives.WriteUInt16BigEndian(input, (ushort)purposeBytes.Length);
        purposeBytes.CopyTo(input, 2);
        id.CopyTo(input.AsSpan(2 + purposeBytes.Length));
        var output = new byte[RowKeySize];
        Blake2b.KeyedHash(_rowKey, input, output);
        CryptographicOperations.ZeroMemory(input);
        return output;
    }

    public byte[] RowKey(string purpose, Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        _ = id.TryWriteBytes(bytes, bigEndian: true, out _);
        return RowKey(purpose, bytes);
    }

    /// <summary>Pads <paramref name="payload"/> to its size class and seals it for (table, row identity).</summary>
    public byte[] Seal(string table, ReadOnlySpan<byte> rowIdentity, ReadOnlySpan<byte> payload)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var padded = StorePadding.Pad(payload);
        try
        {
            return AtRestSeal.Seal(_sealKey, table, rowIdentity, padded, _entropy);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    /// <summary>The payload of a sealed row, or <see cref="StoreCorruptException"/> when it does not open here.</summary>
    public byte[] Open(string table, ReadOnlySpan<byte> rowIdentity, ReadOnlySpan<byte> sealedBytes)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!TryOpen(table, rowIdentity, sealedBytes, out var payload))
        {
            throw new StoreCorruptException(table);
        }

        return payload;
    }

    public bool TryOpen(string table, ReadOnlySpan<byte> rowIdentity, ReadOnlySpan<byte> sealedBytes, out byte[] payload)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        payload = [];
        var opened = AtRestSeal.Open(_sealKey, table, rowIdentity, sealedBytes);
        if (!opened.TryGetValue(out var padded))
        {
            return false;
        }

        try
        {
            return StorePadding.TryUnpad(padded, out payload);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        CryptographicOperations.ZeroMemory(_sealKey);
        CryptographicOperations.ZeroMemory(_rowKey);
        _disposed = true;
    }

    public override string ToString() => "StoreSealer";
}
