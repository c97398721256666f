using System.Buffers.Binary;
using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Identity;

/// <summary>
/// A contact's (or our own) long-term Ed25519 identity public key: 32 bytes, immutable. Equality is
/// decided in fixed time. <see cref="Parse"/> checks the length only; every use of the key goes through
/// libsodium's strict verification, which refuses non-canonical and small-order keys.
/// </summary>
public sealed class IdentityKey : IEquatable<IdentityKey>
{
    public const int Size = Ed25519.PublicKeySize;

    /// <summary>Bytes of the fingerprint hash shown in <see cref="Fingerprint"/> (64 bits, 16 hex digits).</summary>
    public const int FingerprintSize = 8;

    private readonly byte[] _bytes;

    private IdentityKey(byte[] bytes)
    {
        _bytes = bytes;
        Fingerprint = ComputeFingerprint(bytes);
    }

    /// <summary>The raw 32-byte public key.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>
    /// A short label for this key (<c>xxxx xxxx xxxx xxxx</c>, hex of SHA-256(label ‖ key)[0..8]) for lists
    /// and logs. Not a verification code: people compare the <see cref="SafetyNumber"/>.
    /// </summary>
    public string Fingerprint { get; }

    /// <summary>Untrusted bytes: <see cref="ProtocolError.InvalidKeyLength"/> unless exactly 32 bytes.</summary>
    public static ProtocolResult<IdentityKey> Parse(ReadOnlySpan<byte> bytes) =>
        bytes.Length != Size
            ? ProtocolError.InvalidKeyLength
            : ProtocolResult<IdentityKey>.Ok(new IdentityKey(bytes.ToArray()));

    /// <summary>Caller-held bytes known to be a key (e.g. just derived): wrong length is a caller bug and throws.</summary>
    public static IdentityKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"Expected {Size} bytes.", nameof(bytes));
        }

        return new IdentityKey(bytes.ToArray());
    }

    /// <summary>Strict Ed25519 verification of <paramref name="signature"/> over <paramref name="message"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => Ed25519.Verify(_bytes, message, signature);

    public byte[] ToArray() => (byte[])_bytes.Clone();

    public void CopyTo(Span<byte> destination) => _bytes.CopyTo(destination);

    /// <summary>Unsigned bytewise order; the canonical order of a pair of keys.</summary>
    public int CompareTo(IdentityKey other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _bytes.AsSpan().SequenceCompareTo(other._bytes);
    }

    public bool Equals(IdentityKey? other) =>
        other is not null && CryptographicOperations.FixedTimeEquals(_bytes, other._bytes);

    public override bool Equals(object? obj) => obj is IdentityKey other && Equals(other);

    public override int GetHashCode() => BinaryPrimitives.ReadInt32LittleEndian(_bytes);

    public override string ToString() => $"IdentityKey({Fingerprint})";

    public static bool operator ==(IdentityKey? left, IdentityKey? right) =>
        left is null ? right is null : left.Equals(right);

    public static bool operator !=(IdentityKey? left, IdentityKey? right) => !(left == right);

    private static string ComputeFingerprint(ReadOnlySpan<byte> key)
    {
        Span<byte> input = stackalloc byte[Labels.IdentityFingerprint.Length + Size];
        Labels.IdentityFingerprint.CopyTo(input);
        key.CopyTo(input[Labels.IdentityFingerprint.Length..]);
        Span<byte> digest = stackalloc byte[Kdf.HashSize];
        Kdf.Sha256(input, digest);
        var hex = Convert.ToHexStringLower(digest[..FingerprintSize]);
        return string.Create(19, hex, static (chars, h) =>
        {
            var j = 0;
            for (var i = 0; i < h.Length; i++)
            {
                if (i > 0 && i % 4 == 0)
                {
                    chars[j++] = ' ';
                }

                chars[j++] = h[i];
            }
        });
    }
}
