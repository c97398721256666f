using System.Security.Cryptography;
using System.Text;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Invites;

/// <summary>
/// An invitation a person can paste: <c>pvtcoms1:</c> followed by lowercase, unpadded RFC 4648 base32 of
/// <code>
/// payload  = version (1) ‖ relay length (u8) ‖ relay address (ASCII) ‖ intro token (32)
///          ‖ prekey bundle length (u16) ‖ prekey bundle (opaque) ‖ name length (u8) ‖ display name hint (UTF-8)
/// encoded  = payload ‖ SHA-256(label ‖ payload)[0..6]
/// </code>
/// No secret that is not meant for the invitee travels in it (no relay access key). The checksum only
/// catches typos and truncation; authenticity comes from the signed prekey bundle and the safety number.
/// Parsing tolerates surrounding whitespace and uppercase, and is otherwise strict (ADR 0032).
/// </summary>
public sealed class Invite
{
    public const string Prefix = "pvtcoms1:";
    public const byte Version = 1;
    public const int IntroTokenSize = 32;
    public const int MaxPrekeyBundleLength = 8192;
    public const int ChecksumSize = 6;

    /// <summary>Smallest payload: empty-name, 1-byte bundle and 1-byte relay fields cannot be smaller than this.</summary>
    public const int MinEncodedPayloadLength = 1 + 1 + 1 + IntroTokenSize + 2 + 1 + 1 + ChecksumSize;

    public const int MaxEncodedPayloadLength =
        1 + 1 + RelayEndpoint.MaxLength + IntroTokenSize + 2 + MaxPrekeyBundleLength + 1 + InviteDisplayName.MaxLength + ChecksumSize;

    /// <summary>Longest invite text (prefix + base32), surrounding whitespace not counted.</summary>
    public static readonly int MaxTextLength = Prefix.Length + Base32.EncodedLength(MaxEncodedPayloadLength);

    private const string PrefixStem = "pvtcoms";

    private readonly byte[] _introToken;
    private readonly byte[] _prekeyBundle;

    private Invite(RelayEndpoint relay, byte[] introToken, byte[] prekeyBundle, string displayNameHint)
    {
        Relay = relay;
        _introToken = introToken;
        _prekeyBundle = prekeyBundle;
        DisplayNameHint = displayNameHint;
    }

    public RelayEndpoint Relay { get; }

    /// <summary>The 32-byte token the invitee presents at the relay to introduce themselves.</summary>
    public ReadOnlySpan<byte> IntroToken => _introToken;

    /// <summary>The inviter's prekey bundle, opaque here (parsed and verified by the handshake).</summary>
    public ReadOnlySpan<byte> PrekeyBundle => _prekeyBundle;

    /// <summary>A name the inviter suggests; may be empty; never treat it as verified.</summary>
    public string DisplayNameHint { get; }

    /// <summary>Caller-supplied fields: invalid ones are a caller bug and throw <see cref="ArgumentException"/>.</summary>
    public static Invite Create(RelayEndpoint relay, ReadOnlySpan<byte> introToken, ReadOnlySpan<byte> prekeyBundle, string displayNameHint = "")
    {
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(displayNameHint);
        if (introToken.Length != IntroTokenSize)
        {
            throw new ArgumentException($"Expected {IntroTokenSize} bytes.", nameof(introToken));
        }

        if (prekeyBundle.Length is 0 or > MaxPrekeyBundleLength)
        {
            throw new ArgumentException($"Prekey bundle must be 1..{MaxPrekeyBundleLength} bytes.", nameof(prekeyBundle));
        }

        if (!InviteDisplayName.IsValid(displayNameHint))
        {
            throw new ArgumentException("Display name hint is too long or has a refused character.", nameof(displayNameHint));
        }

        return new Invite(relay, introToken.ToArray(), prekeyBundle.ToArray(), displayNameHint);
    }

    /// <summary>The text to share: <c>pvtcoms1:</c> + base32(payload ‖ checksum).</summary>
    public string Encode()
    {
        var relay = Relay.ToBytes();
        var name = Encoding.UTF8.GetBytes(DisplayNameHint);
        var payload = new byte[1 + 1 + relay.Length + IntroTokenSize + 2 + _prekeyBundle.Length + 1 + name.Length];
        var writer = new WireWriter(payload);
        writer.WriteByte(Version);
        writer.WriteByte((byte)relay.Length);
        writer.WriteFixed(relay);
        writer.WriteFixed(_introToken);
        writer.WriteVariable16(_prekeyBundle);
        writer.WriteByte((byte)name.Length);
        writer.WriteFixed(name);
        return EncodePayload(payload);
    }

    /// <summary>Untrusted text: a value or a typed error, never an exception (except a null argument).</summary>
    public static ProtocolResult<Invite> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.AsSpan().Trim();
        if (trimmed.Length > MaxTextLength)
        {
            return ProtocolError.InviteTooLong;
        }

        var prefixError = CheckPrefix(trimmed);
        if (prefixError != ProtocolError.None)
        {
            return prefixError;
        }

        var body = new char[trimmed.Length - Prefix.Length];
        for (var i = 0; i < body.Length; i++)
        {
            var c = trimmed[Prefix.Length + i];
            body[i] = c is >= 'A' and <= 'Z' ? (char)(c + ('a' - 'A')) : c;
        }

        if (!Base32.TryDecode(body, out var encoded))
        {
            return ProtocolError.InvalidEncoding;
        }

        return ParsePayload(encoded);
    }

    public override string ToString() => $"Invite(v{Version}, {(Relay.IsOnion ? "onion" : "loopback")} relay)";

    /// <summary>payload ‖ checksum, base32, behind the prefix. Internal so tests can build hostile payloads.</summary>
    internal static string EncodePayload(ReadOnlySpan<byte> payload)
    {
        var encoded = new byte[payload.Length + ChecksumSize];
        payload.CopyTo(encoded);
        ComputeChecksum(payload, encoded.AsSpan(payload.Length));
        return Prefix + Base32.Encode(encoded);
    }

    private static ProtocolError CheckPrefix(ReadOnlySpan<char> text)
    {
        if (text.Length >= Prefix.Length && StartsWithIgnoringAsciiCase(text, Prefix))
        {
            return ProtocolError.None;
        }

        // "pvtcoms<n>:" with another version digit is a known format of another version, not a typo.
        if (text.Length > PrefixStem.Length + 1 && StartsWithIgnoringAsciiCase(text, PrefixStem)
            && char.IsAsciiDigit(text[PrefixStem.Length]) && text[PrefixStem.Length + 1] == ':')
        {
            return ProtocolError.UnsupportedVersion;
        }

        return ProtocolError.InvitePrefixMissing;
    }

    private static bool StartsWithIgnoringAsciiCase(ReadOnlySpan<char> text, string prefix)
    {
        for (var i = 0; i < prefix.Length; i++)
        {
            var c = text[i];
            if (c is >= 'A' and <= 'Z')
            {
                c = (char)(c + ('a' - 'A'));
            }

            if (c != prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    private static ProtocolResult<Invite> ParsePayload(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length < 1)
        {
            return ProtocolError.Truncated;
        }

        if (encoded[0] != Version)
        {
            return ProtocolError.UnsupportedVersion;
        }

        if (encoded.Length < MinEncodedPayloadLength)
        {
            return ProtocolError.Truncated;
        }

        if (encoded.Length > MaxEncodedPayloadLength)
        {
            return ProtocolError.InviteTooLong;
        }

        var payload = encoded[..^ChecksumSize];
        Span<byte> expected = stackalloc byte[ChecksumSize];
        ComputeChecksum(payload, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, encoded[^ChecksumSize..]))
        {
            return ProtocolError.InviteChecksumMismatch;
        }

        var reader = new WireReader(payload);
        _ = reader.TryReadByte(out _);
        if (!reader.TryReadByte(out var relayLength) || !reader.TryReadFixed(relayLength, out var relayBytes))
        {
            return ProtocolError.Truncated;
        }

        var relay = RelayEndpoint.Parse(relayBytes);
        if (!relay.IsOk)
        {
            return relay.Error;
        }

        if (!reader.TryReadFixed(IntroTokenSize, out var introToken))
        {
            return ProtocolError.Truncated;
        }

        var bundleError = reader.TryReadVariable16(MaxPrekeyBundleLength, out var bundle);
        if (bundleError != ProtocolError.None)
        {
            return bundleError;
        }

        if (bundle.IsEmpty)
        {
            return ProtocolError.LengthOutOfRange;
        }

        if (!reader.TryReadByte(out var nameLength))
        {
            return ProtocolError.Truncated;
        }

        if (nameLength > InviteDisplayName.MaxLength)
        {
            return ProtocolError.InvalidDisplayName;
        }

        if (!reader.TryReadFixed(nameLength, out var nameBytes))
        {
            return ProtocolError.Truncated;
        }

        if (!reader.IsAtEnd)
        {
            return ProtocolError.TrailingBytes;
        }

        var name = InviteDisplayName.Parse(nameBytes);
        if (!name.IsOk)
        {
            return name.Error;
        }

        return ProtocolResult<Invite>.Ok(new Invite(relay.Value, introToken.ToArray(), bundle.ToArray(), name.Value));
    }

    private static void ComputeChecksum(ReadOnlySpan<byte> payload, Span<byte> checksum)
    {
        var input = new byte[Labels.InviteChecksum.Length + payload.Length];
        Labels.InviteChecksum.CopyTo(input);
        payload.CopyTo(input.AsSpan(Labels.InviteChecksum.Length));
        Span<byte> digest = stackalloc byte[Kdf.HashSize];
        Kdf.Sha256(input, digest);
        digest[..ChecksumSize].CopyTo(checksum);
    }
}
