using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pvtcoms.Actors.Tor.Dialing;

/// <summary>SOCKS5 reply codes (RFC 1928 §6) and tor's extended ones (tor's socks-extensions, 0xF0–0xF7).</summary>
public enum Socks5ReplyCode : byte
{
    Succeeded = 0x00,
    GeneralFailure = 0x01,
    NotAllowedByRuleset = 0x02,
    NetworkUnreachable = 0x03,
    HostUnreachable = 0x04,
    ConnectionRefused = 0x05,
    TtlExpired = 0x06,
    CommandNotSupported = 0x07,
    AddressTypeNotSupported = 0x08,
    OnionServiceDescriptorNotFound = 0xF0,
    OnionServiceDescriptorInvalid = 0xF1,
    OnionServiceIntroductionFailed = 0xF2,
    OnionServiceRendezvousFailed = 0xF3,
    OnionServiceMissingClientAuth = 0xF4,
    OnionServiceWrongClientAuth = 0xF5,
    OnionServiceBadAddress = 0xF6,
    OnionServiceIntroductionTimedOut = 0xF7,
}

/// <summary>What is wrong with bytes a SOCKS server sent.</summary>
public enum Socks5Error
{
    None = 0,
    Truncated,
    UnsupportedVersion,
    NoAcceptableMethod,
    UnexpectedMethod,
    NonZeroReserved,
    UnknownAddressType,
    UnknownReplyCode,
    InvalidDomainLength,
}

/// <summary>
/// The bytes of a SOCKS5 CONNECT without authentication (RFC 1928), strict both ways: names (onion or not)
/// go as ATYP 3 so tor resolves them — we never resolve a name ourselves; IP literals go as ATYP 1/4.
/// </summary>
public static class Socks5
{
    public const byte Version = 0x05;
    public const byte NoAuthentication = 0x00;
    public const byte NoAcceptableMethods = 0xFF;
    public const byte ConnectCommand = 0x01;
    public const byte AddressTypeIPv4 = 0x01;
    public const byte AddressTypeDomain = 0x03;
    public const byte AddressTypeIPv6 = 0x04;
    public const int MaxDomainLength = 255;

    /// <summary>Fixed part of a reply before the bound address: VER REP RSV ATYP.</summary>
    public const int ReplyHeaderLength = 4;

    /// <summary>VER=5, NMETHODS=1, METHOD=no authentication.</summary>
    public static ReadOnlySpan<byte> Greeting => [Version, 1, NoAuthentication];

    public static Socks5Error ParseMethodSelection(ReadOnlySpan<byte> reply)
    {
        if (reply.Length != 2)
        {
            return Socks5Error.Truncated;
        }

        if (reply[0] != Version)
        {
            return Socks5Error.UnsupportedVersion;
        }

        return reply[1] switch
        {
            NoAuthentication => Socks5Error.None,
            NoAcceptableMethods => Socks5Error.NoAcceptableMethod,
            _ => Socks5Error.UnexpectedMethod,
        };
    }

    /// <summary>
    /// The CONNECT request for host:port. A host that is neither an IP literal nor an ASCII name of
    /// letters, digits, '-' and '.' (1–255 bytes), or a port outside 1–65535, is a caller bug.
    /// </summary>
    public static byte[] ConnectRequest(string host, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port));
        }

        byte[] request;
        if (IPAddress.TryParse(host, out var ip))
        {
            var address = ip.GetAddressBytes();
            request = new byte[4 + address.Length + 2];
            request[3] = ip.AddressFamily == AddressFamily.InterNetwork ? AddressTypeIPv4 : AddressTypeIPv6;
            address.CopyTo(request, 4);
        }
        else
        {
            if (!IsPlainHostName(host))
            {
                throw new ArgumentException("A host name is 1–255 ASCII letters, digits, '-' or '.'.", nameof(host));
            }

            request = new byte[5 + host.Length + 2];
            request[3] = AddressTypeDomain;
            request[4] = (byte)host.Length;
            Encoding.ASCII.GetBytes(host, request.AsSpan(5));
        }

        request[0] = Version;
        request[1] = ConnectCommand;
        request[2] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(request.Length - 2), (ushort)port);
        return request;
    }

    public static bool IsPlainHostName(string host) =>
        host.Length is > 0 and <= MaxDomainLength
        && host.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '.');

    /// <summary>
    /// How many bytes the whole reply has, given at least its first 5 bytes (the header and, for ATYP 3, the
    /// name's length byte); a typed error when the header is already wrong.
    /// </summary>
    public static Socks5Error TryGetReplyLength(ReadOnlySpan<byte> start, out int length)
    {
        length = 0;
        if (start.Length < ReplyHeaderLength + 1)
        {
            return Socks5Error.Truncated;
        }

        if (start[0] != Version)
        {
            return Socks5Error.UnsupportedVersion;
        }

        if (start[2] != 0)
        {
            return Socks5Error.NonZeroReserved;
        }

        switch (start[3])
        {
            case AddressTypeIPv4:
                length = ReplyHeaderLength + 4 + 2;
                return Socks5Error.None;
            case AddressTypeIPv6:
                length = ReplyHeaderLength + 16 + 2;
                return Socks5Error.None;
            case AddressTypeDomain:
                if (start[4] == 0)
                {
                    return Socks5Error.InvalidDomainLength;
                }

                length = ReplyHeaderLength + 1 + start[4] + 2;
                return Socks5Error.None;
            default:
                return Socks5Error.UnknownAddressType;
        }
    }

    /// <summary>Parses a complete reply (exactly <see cref="TryGetReplyLength"/> bytes) to its reply code.</summary>
    public static Socks5Error ParseReply(ReadOnlySpan<byte> reply, out Socks5ReplyCode code)
    {
        code = Socks5ReplyCode.GeneralFailure;
        var error = TryGetReplyLength(reply, out var length);
        if (error != Socks5Error.None)
        {
            return error;
        }

        if (reply.Length != length)
        {
            return Socks5Error.Truncated;
        }

        if (!Enum.IsDefined((Socks5ReplyCode)reply[1]))
        {
            return Socks5Error.UnknownReplyCode;
        }

        code = (Socks5ReplyCode)reply[1];
        return Socks5Error.None;
    }
}
