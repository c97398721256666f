using System.Buffers.Binary;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Relay;

/// <summary>
/// The self token a device deposits cover blobs to and reclaims them from:
/// <c>key = HKDF-SHA-256(ikm = deviceSecret, salt = empty, info = "pvtcoms/v1/cover-token-key", 32)</c>,
/// <c>token = HMAC-SHA-256(key, "pvtcoms/v1/cover-token" ‖ epoch u64)</c>. Its own labels keep it unlinkable
/// to any conversation token, even one derived from the same secret bytes.
/// </summary>
public static class CoverToken
{
    public const int DeviceSecretSize = 32;

    public static byte[] Derive(ReadOnlySpan<byte> deviceSecret, ulong epoch)
    {
        var token = new byte[RelayLimits.TokenSize];
        Derive(deviceSecret, epoch, token);
        return token;
    }

    public static void Derive(ReadOnlySpan<byte> deviceSecret, ulong epoch, Span<byte> token)
    {
        if (deviceSecret.Length != DeviceSecretSize)
        {
            throw new ArgumentException($"Device secret must be {DeviceSecretSize} bytes.", nameof(deviceSecret));
        }

        if (token.Length != RelayLimits.TokenSize)
        {
            throw new ArgumentException($"Token must be {RelayLimits.TokenSize} bytes.", nameof(token));
        }

        var label = Labels.CoverToken;
        Span<byte> input = stackalloc byte[label.Length + 8];
        label.CopyTo(input);
        BinaryPrimitives.WriteUInt64BigEndian(input[label.Length..], epoch);
        TokenMac.Compute(deviceSecret, Labels.CoverTokenKey, input, token);
    }
}
