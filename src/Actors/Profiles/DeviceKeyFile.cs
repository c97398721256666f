using Pvtcoms.Protocol;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// The device key file (docs/spec/device-key.md): a common header naming the backend and the key, then the
/// backend's payload. Parsed strictly from untrusted bytes; a malformed file is a typed error.
/// <code>
/// header     = "PVTK" ‖ version 0x01 ‖ backend (1) ‖ keyId (16)                              22 bytes
/// passphrase = header ‖ u32 opsLimit ‖ u32 memLimitKiB ‖ salt (16) ‖ nonce (24) ‖ sealedKey (48)   118 bytes
/// dpapi      = header ‖ u16 len ‖ blob (1..4096)
/// secret     = header                                                                     22 bytes
/// </code>
/// </summary>
public sealed class DeviceKeyFile
{
    public const byte Version = 0x01;
    public const int KeyIdSize = 16;
    public const int HeaderSize = 4 + 1 + 1 + KeyIdSize;
    public const int SealedKeySize = DeviceKey.Size + ChaCha20Poly1305Aead.TagSize;
    public const int PassphraseAssociatedSize = HeaderSize + 4 + 4 + Argon2id.SaltSize + ChaCha20Poly1305Aead.XNonceSize;
    public const int PassphraseFileSize = PassphraseAssociatedSize + SealedKeySize;
    public const int MaxDpapiBlobSize = 4096;

    /// <summary>Bytes a device key file may have at most; larger files are refused before reading.</summary>
    public const int MaxFileSize = HeaderSize + 2 + MaxDpapiBlobSize;

    private static ReadOnlySpan<byte> Magic => "PVTK"u8;

    private readonly byte[] _keyId;
    private readonly byte[] _salt;
    private readonly byte[] _nonce;
    private readonly byte[] _sealedKey;
    private readonly byte[] _dpapiBlob;

    private DeviceKeyFile(DeviceKeyBackendKind backend, byte[] keyId, Argon2Cost cost, byte[] salt, byte[] nonce, byte[] sealedKey, byte[] dpapiBlob)
    {
        Backend = backend;
        _keyId = keyId;
        Cost = cost;
        _salt = salt;
        _nonce = nonce;
        _sealedKey = sealedKey;
        _dpapiBlob = dpapiBlob;
    }

    public DeviceKeyBackendKind Backend { get; }

    /// <summary>Random, fixed for the key's lifetime: names it in the Secret Service, enters DPAPI's entropy.</summary>
    public ReadOnlySpan<byte> KeyId => _keyId;

    public string KeyIdHex => Convert.ToHexStringLower(_keyId);

    public Argon2Cost Cost { get; }

    public ReadOnlySpan<byte> Salt => _salt;

    public ReadOnlySpan<byte> Nonce => _nonce;

    public ReadOnlySpan<byte> SealedKey => _sealedKey;

    public ReadOnlySpan<byte> DpapiBlob => _dpapiBlob;

    public static DeviceKeyFile ForPassphrase(ReadOnlySpan<byte> keyId, Argon2Cost cost, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> sealedKey)
    {
        CheckSize(keyId, KeyIdSize, nameof(keyId));
        CheckSize(salt, Argon2id.SaltSize, nameof(salt));
        CheckSize(nonce, ChaCha20Poly1305Aead.XNonceSize, nameof(nonce));
        CheckSize(sealedKey, SealedKeySize, nameof(sealedKey));
        if (!cost.IsWithinBounds)
        {
            throw new ArgumentOutOfRangeException(nameof(cost));
        }

        return new DeviceKeyFile(DeviceKeyBackendKind.Passphrase, keyId.ToArray(), cost, salt.ToArray(), nonce.ToArray(), sealedKey.ToArray(), []);
    }

    public static DeviceKeyFile ForDpapi(ReadOnlySpan<byte> keyId, ReadOnlySpan<byte> blob)
    {
        CheckSize(keyId, KeyIdSize, nameof(keyId));
        if (blob.Length is 0 or > MaxDpapiBlobSize)
        {
            throw new ArgumentException("DPAPI blob size out of range.", nameof(blob));
        }

        return new DeviceKeyFile(DeviceKeyBackendKind.WindowsDpapi, keyId.ToArray(), default, [], [], [], blob.ToArray());
    }

    public static DeviceKeyFile ForSecretService(ReadOnlySpan<byte> keyId)
    {
        CheckSize(keyId, KeyIdSize, nameof(keyId));
        return new DeviceKeyFile(DeviceKeyBackendKind.SecretService, keyId.ToArray(), default, [], [], [], []);
    }

    /// <summary>Parses untrusted bytes: magic, version, backend, then the backend's fields; nothing trailing.</summary>
    public static ProfileResult<DeviceKeyFile> Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxFileSize)
        {
            return ProfileError.DeviceKeyFileCorrupt;
        }

        var reader = new WireReader(bytes);
        if (!reader.TryReadFixed(Magic.Length, out var magic) || !magic.SequenceEqual(Magic))
        {
            return ProfileError.DeviceKeyFileCorrupt;
        }

        var version = reader.TryReadVersion(Version);
        if (version != ProtocolError.None)
        {
            return version == ProtocolError.UnsupportedVersion ? ProfileError.DeviceKeyFileUnsupportedVersion : ProfileError.DeviceKeyFileCorrupt;
        }

        if (!reader.TryReadByte(out var backendByte) || !reader.TryReadFixed(KeyIdSize, out var keyId))
        {
            return ProfileError.DeviceKeyFileCorrupt;
        }

        var result = (DeviceKeyBackendKind)backendByte switch
        {
            DeviceKeyBackendKind.Passphrase => ParsePassphrase(ref reader, keyId),
            DeviceKeyBackendKind.WindowsDpapi => ParseDpapi(ref reader, keyId),
            DeviceKeyBackendKind.SecretService => ProfileResult<DeviceKeyFile>.Ok(ForSecretService(keyId)),
            _ => ProfileError.DeviceKeyFileCorrupt,
        };

        return result.IsOk && !reader.IsAtEnd ? ProfileError.DeviceKeyFileCorrupt : result;
    }

    public byte[] Serialize()
    {
        var size = Backend switch
        {
            DeviceKeyBackendKind.Passphrase => PassphraseFileSize,
            DeviceKeyBackendKind.WindowsDpapi => HeaderSize + 2 + _dpapiBlob.Length,
            _ => HeaderSize,
        };
        var buffer = new byte[size];
        var writer = new WireWriter(buffer);
        WriteHeader(ref writer);
        switch (Backend)
        {
            case DeviceKeyBackendKind.Passphrase:
                WritePassphraseParameters(ref writer);
                writer.WriteFixed(_sealedKey);
                break;
            case DeviceKeyBackendKind.WindowsDpapi:
                writer.WriteVariable16(_dpapiBlob);
                break;
        }

        return buffer;
    }

    /// <summary>
    /// The AEAD associated data of a passphrase-wrapped key: <c>"pvtcoms/v1/device-key/passphrase"</c> ‖ the
    /// file's first 70 bytes (header, costs, salt, nonce), so no header field can be changed unnoticed.
    /// </summary>
    public static byte[] PassphraseAssociatedData(ReadOnlySpan<byte> keyId, Argon2Cost cost, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> nonce)
    {
        var label = Labels.DeviceKeyPassphrase;
        var buffer = new byte[label.Length + PassphraseAssociatedSize];
        var writer = new WireWriter(buffer);
        writer.WriteFixed(label);
        writer.WriteFixed(Magic);
        writer.WriteByte(Version);
        writer.WriteByte((byte)DeviceKeyBackendKind.Passphrase);
        writer.WriteFixed(keyId);
        writer.WriteUInt32(cost.OpsLimit);
        writer.WriteUInt32(cost.MemLimitKiB);
        writer.WriteFixed(salt);
        writer.WriteFixed(nonce);
        return buffer;
    }

    public override string ToString() => $"DeviceKeyFile({Backend})";

    private static ProfileResult<DeviceKeyFile> ParsePassphrase(ref WireReader reader, ReadOnlySpan<byte> keyId)
    {
        if (!reader.TryReadUInt32(out var ops) || !reader.TryReadUInt32(out var memKiB))
        {
            return ProfileError.DeviceKeyFileCorrupt;
        }

        var cost = new Argon2Cost(ops, memKiB);
        if (!cost.IsWithinBounds)
        {
            return ProfileError.DeviceKeyCostOutOfRange;
        }

        if (!reader.TryReadFixed(Argon2id.SaltSize, out var salt)
            || !reader.TryReadFixed(ChaCha20Poly1305Aead.XNonceSize, out var nonce)
            || !reader.TryReadFixed(SealedKeySize, out var sealedKey))
        {
            return ProfileError.DeviceKeyFileCorrupt;
        }

        return ProfileResult<DeviceKeyFile>.Ok(ForPassphrase(keyId, cost, salt, nonce, sealedKey));
    }

    private static ProfileResult<DeviceKeyFile> ParseDpapi(ref WireReader reader, ReadOnlySpan<byte> keyId)
    {
        if (reader.TryReadVariable16(MaxDpapiBlobSize, out var blob) != ProtocolError.None || blob.IsEmpty)
        {
            return ProfileError.DeviceKeyFileCorrupt;
        }

        return ProfileResult<DeviceKeyFile>.Ok(ForDpapi(keyId, blob));
    }

    private void WriteHeader(ref WireWriter writer)
    {
        writer.WriteFixed(Magic);
        writer.WriteByte(Version);
        writer.WriteByte((byte)Backend);
        writer.WriteFixed(_keyId);
    }

    private void WritePassphraseParameters(ref WireWriter writer)
    {
        writer.WriteUInt32(Cost.OpsLimit);
        writer.WriteUInt32(Cost.MemLimitKiB);
        writer.WriteFixed(_salt);
        writer.WriteFixed(_nonce);
    }

    private static void CheckSize(ReadOnlySpan<byte> value, int size, string name)
    {
        if (value.Length != size)
        {
            throw new ArgumentException($"Expected {size} bytes.", name);
        }
    }
}
