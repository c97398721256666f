using System.Security.Cryptography;
using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Crypto;

/// <summary>
/// <c>SealAtRest</c>/<c>OpenAtRest</c>: XChaCha20-Poly1305 under the device key with a fresh random 192-bit
/// nonce per seal, and AAD binding the table and row identity, so a sealed value moved to another row or
/// table does not open. Layout: version (1) ‖ nonce (24) ‖ ciphertext ‖ tag (16).
/// </summary>
public static class AtRestSeal
{
    public const byte Version = 1;
    public const int KeySize = ChaCha20Poly1305Aead.KeySize;
    public const int Overhead = 1 + ChaCha20Poly1305Aead.XNonceSize + ChaCha20Poly1305Aead.TagSize;
    public const int MaxNameLength = 255;

    public static byte[] Seal(ReadOnlySpan<byte> deviceKey, string table, ReadOnlySpan<byte> rowId, ReadOnlySpan<byte> plaintext, IEntropy entropy)
    {
        ArgumentNullException.ThrowIfNull(entropy);
        ArgumentNullException.ThrowIfNull(table);
        var output = new byte[plaintext.Length + Overhead];
        output[0] = Version;
        var nonce = output.AsSpan(1, ChaCha20Poly1305Aead.XNonceSize);
        entropy.Fill(nonce);
        var aad = BuildAssociatedData(table, rowId);
        ChaCha20Poly1305Aead.EncryptExtended(deviceKey, nonce, plaintext, aad, output.AsSpan(1 + nonce.Length));
        return output;
    }

    public static ProtocolResult<byte[]> Open(ReadOnlySpan<byte> deviceKey, string table, ReadOnlySpan<byte> rowId, ReadOnlySpan<byte> sealedBytes)
    {
        ArgumentNullException.ThrowIfNull(table);
        var reader = new WireReader(sealedBytes);
        var versionError = reader.TryReadVersion(Version);
        if (versionError != ProtocolError.None)
        {
            return versionError;
        }

        if (!reader.TryReadFixed(ChaCha20Poly1305Aead.XNonceSize, out var nonce) || reader.Remaining < ChaCha20Poly1305Aead.TagSize)
        {
            return ProtocolError.Truncated;
        }

        var body = reader.ReadRest();
        var plaintext = new byte[body.Length - ChaCha20Poly1305Aead.TagSize];
        var aad = BuildAssociatedData(table, rowId);
        if (!ChaCha20Poly1305Aead.TryDecryptExtended(deviceKey, nonce, body, aad, plaintext))
        {
            CryptographicOperations.ZeroMemory(plaintext);
            return ProtocolError.DecryptionFailed;
        }

        return ProtocolResult<byte[]>.Ok(plaintext);
    }

    /// <summary>label ‖ u16 len ‖ table (UTF-8) ‖ u16 len ‖ rowId.</summary>
    private static byte[] BuildAssociatedData(string table, ReadOnlySpan<byte> rowId)
    {
        var tableBytes = System.Text.Encoding.UTF8.GetBytes(table);
        if (tableBytes.Length > MaxNameLength || rowId.Length > ushort.MaxValue)
        {
            throw new ArgumentException("Table name or row id too long.");
        }

        var aad = new byte[Labels.AtRest.Length + 2 + tableBytes.Length + 2 + rowId.Length];
        var writer = new WireWriter(aad);
        writer.WriteFixed(Labels.AtRest);
        writer.WriteVariable16(tableBytes);
        writer.WriteVariable16(rowId);
        return aad;
    }
}
