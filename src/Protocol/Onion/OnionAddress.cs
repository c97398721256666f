using Org.BouncyCastle.Crypto.Digests;

namespace Pvtcoms.Protocol.Onion;

/// <summary>
/// A Tor v3 onion service address (rend-spec-v3 §6): base32(PUBKEY ‖ CHECKSUM ‖ VERSION), lowercase, 56
/// characters, where CHECKSUM = SHA3-256(".onion checksum" ‖ PUBKEY ‖ VERSION)[..2] and VERSION = 0x03.
/// Computed locally from the Ed25519 public key, so the app knows its address without asking tor.
/// </summary>
public sealed class OnionAddress : IEquatable<OnionAddress>
{
    public const int PublicKeyLength = 32;
    public const int ChecksumLength = 2;
    public const byte Version = 0x03;
    public const int DecodedLength = PublicKeyLength + ChecksumLength + 1;
    public const int ServiceIdLength = 56;
    public const string Suffix = ".onion";

    private static ReadOnlySpan<byte> ChecksumPrefix => ".onion checksum"u8;

    private readonly byte[] _publicKey;

    private OnionAddress(byte[] publicKey, string serviceId)
    {
        _publicKey = publicKey;
        ServiceId = serviceId;
    }

    /// <summary>The 56 lowercase base32 characters, without ".onion" (what tor's ADD_ONION calls ServiceID).</summary>
    public string ServiceId { get; }

    /// <summary>The host name to hand to tor's SOCKS port: ServiceId + ".onion".</summary>
    public string HostName => ServiceId + Suffix;

    /// <summary>The service's Ed25519 public key (a copy).</summary>
    public byte[] PublicKey() => (byte[])_publicKey.Clone();

    /// <summary>The address of the service whose Ed25519 public key this is. A wrong-size buffer is a caller bug.</summary>
    public static OnionAddress FromPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeyLength)
        {
            throw new ArgumentException($"An Ed25519 public key is {PublicKeyLength} bytes.", nameof(publicKey));
        }

        Span<byte> decoded = stackalloc byte[DecodedLength];
        publicKey.CopyTo(decoded);
        ComputeChecksum(publicKey, decoded.Slice(PublicKeyLength, ChecksumLength));
        decoded[DecodedLength - 1] = Version;
        return new OnionAddress(publicKey.ToArray(), OnionBase32.Encode(decoded));
    }

    /// <summary>
    /// Parses an address typed or received from elsewhere ("abc…xyz" or "abc…xyz.onion", lowercase).
    /// Refuses wrong lengths, characters outside the base32 alphabet, a version other than 3 and a wrong checksum.
    /// </summary>
    public static ProtocolResult<OnionAddress> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var serviceId = text.EndsWith(Suffix, StringComparison.Ordinal) ? text[..^Suffix.Length] : text;
        if (serviceId.Length != ServiceIdLength)
        {
            return ProtocolError.LengthOutOfRange;
        }

        Span<byte> decoded = stackalloc byte[DecodedLength];
        if (!OnionBase32.TryDecode(serviceId, decoded))
        {
            return ProtocolError.InvalidEncoding;
        }

        if (decoded[DecodedLength - 1] != Version)
        {
            return ProtocolError.UnsupportedVersion;
        }

        var publicKey = decoded[..PublicKeyLength];
        Span<byte> expected = stackalloc byte[ChecksumLength];
        ComputeChecksum(publicKey, expected);
        if (!expected.SequenceEqual(decoded.Slice(PublicKeyLength, ChecksumLength)))
        {
            return ProtocolError.InvalidEncoding;
        }

        return ProtocolResult<OnionAddress>.Ok(new OnionAddress(publicKey.ToArray(), serviceId));
    }

    private static void ComputeChecksum(ReadOnlySpan<byte> publicKey, Span<byte> checksum)
    {
        var sha3 = new Sha3Digest(256);
        sha3.BlockUpdate(ChecksumPrefix);
        sha3.BlockUpdate(publicKey);
        sha3.Update(Version);
        Span<byte> digest = stackalloc byte[32];
        sha3.DoFinal(digest);
        digest[..ChecksumLength].CopyTo(checksum);
    }

    public bool Equals(OnionAddress? other) => other is not null && string.Equals(ServiceId, other.ServiceId, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is OnionAddress other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ServiceId);

    /// <summary>The host name. An onion address is public, but callers should still keep it out of logs.</summary>
    public override string ToString() => HostName;
}
