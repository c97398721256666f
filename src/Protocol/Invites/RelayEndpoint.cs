using System.Text;

namespace Pvtcoms.Protocol.Invites;

/// <summary>
/// Where a contact's relay is reached, as carried in invites and directory records. Only two forms are
/// valid (strict, lowercase, ASCII, ≤ 255 bytes):
/// <list type="bullet">
/// <item>a Tor v3 onion service: <c>[a-z2-7]{56}.onion</c>, optionally <c>:port</c>;</item>
/// <item>a loopback address for tests and the testbed: optional <c>http://</c> or <c>https://</c>, host
/// <c>127.0.0.1</c>, <c>localhost</c> or <c>[::1]</c>, and a required <c>:port</c>.</item>
/// </list>
/// A port is 1–65535 in decimal without leading zeros. Nothing else (no clearnet host) is accepted.
/// </summary>
public sealed class RelayEndpoint : IEquatable<RelayEndpoint>
{
    public const int MaxLength = 255;
    public const int OnionLabelLength = 56;

    private static readonly string[] s_loopbackHosts = ["127.0.0.1", "localhost", "[::1]"];

    private RelayEndpoint(string address, bool isOnion)
    {
        Address = address;
        IsOnion = isOnion;
    }

    public string Address { get; }

    public bool IsOnion { get; }

    public static ProtocolResult<RelayEndpoint> Parse(string? address)
    {
        if (address is null || address.Length is 0 or > MaxLength)
        {
            return ProtocolError.InvalidRelayAddress;
        }

        if (IsOnionAddress(address))
        {
            return ProtocolResult<RelayEndpoint>.Ok(new RelayEndpoint(address, isOnion: true));
        }

        return IsLoopbackAddress(address)
            ? ProtocolResult<RelayEndpoint>.Ok(new RelayEndpoint(address, isOnion: false))
            : ProtocolError.InvalidRelayAddress;
    }

    /// <summary>From wire bytes: strict UTF-8 (here: ASCII) then <see cref="Parse(string)"/>.</summary>
    public static ProtocolResult<RelayEndpoint> Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length is 0 or > MaxLength)
        {
            return ProtocolError.InvalidRelayAddress;
        }

        foreach (var b in utf8)
        {
            if (b is < 0x21 or > 0x7E)
            {
                return ProtocolError.InvalidRelayAddress;
            }
        }

        return Parse(Encoding.ASCII.GetString(utf8));
    }

    /// <summary>The address as wire bytes (ASCII, a subset of UTF-8).</summary>
    public byte[] ToBytes() => Encoding.ASCII.GetBytes(Address);

    public bool Equals(RelayEndpoint? other) => other is not null && string.Equals(Address, other.Address, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is RelayEndpoint other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Address);

    public override string ToString() => Address;

    private static bool IsOnionAddress(string address)
    {
        var hostEnd = address.IndexOf(':', StringComparison.Ordinal);
        var host = hostEnd < 0 ? address : address[..hostEnd];
        if (host.Length != OnionLabelLength + ".onion".Length || !host.EndsWith(".onion", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in host.AsSpan(0, OnionLabelLength))
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '2' and <= '7')))
            {
                return false;
            }
        }

        return hostEnd < 0 || IsPort(address.AsSpan(hostEnd + 1));
    }

    private static bool IsLoopbackAddress(string address)
    {
        var rest = address.AsSpan();
        if (rest.StartsWith("http://", StringComparison.Ordinal))
        {
            rest = rest["http://".Length..];
        }
        else if (rest.StartsWith("https://", StringComparison.Ordinal))
        {
            rest = rest["https://".Length..];
        }

        foreach (var host in s_loopbackHosts)
        {
            if (rest.StartsWith(host, StringComparison.Ordinal) && rest.Length > host.Length && rest[host.Length] == ':')
            {
                return IsPort(rest[(host.Length + 1)..]);
            }
        }

        return false;
    }

    private static bool IsPort(ReadOnlySpan<char> text)
    {
        if (text.Length is 0 or > 5 || text[0] == '0')
        {
            return false;
        }

        var value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return value <= ushort.MaxValue;
    }
}
