using System.Buffers.Binary;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Relay;

/// <summary>
/// Per-conversation, per-direction mailbox tokens that rotate every epoch:
/// <c>key = HKDF-SHA-256(ikm = addressingSecret, salt = empty, info = "pvtcoms/v1/relay-token-key", 32)</c>,
/// <c>token = HMAC-SHA-256(key, "pvtcoms/v1/relay-token" ‖ direction (1) ‖ epoch u64)</c>.
/// Both sides hold the same addressing secret (from the handshake) and so derive the same tokens.
/// </summary>
public static class RelayToken
{
    public const int AddressingSecretSize = 32;

    public static byte[] Derive(ReadOnlySpan<byte> addressingSecret, RelayDirection direction, ulong epoch)
    {
        var token = new byte[RelayLimits.TokenSize];
        Derive(addressingSecret, direction, epoch, token);
        return token;
    }

    public static void Derive(ReadOnlySpan<byte> addressingSecret, RelayDirection direction, ulong epoch, Span<byte> token)
    {
        if (addressingSecret.Length != AddressingSecretSize)
        {
            throw new ArgumentException($"Addressing secret must be {AddressingSecretSize} bytes.", nameof(addressingSecret));
        }

        if (direction is not (RelayDirection.InitiatorToResponder or RelayDirection.ResponderToInitiator))
        {
            throw new ArgumentOutOfRangeException(nameof(direction));
        }

        if (token.Length != RelayLimits.TokenSize)
        {
            throw new ArgumentException($"Token must be {RelayLimits.TokenSize} bytes.", nameof(token));
        }

        var label = Labels.RelayToken;
        Span<byte> input = stackalloc byte[label.Length + 1 + 8];
        label.CopyTo(input);
        input[label.Length] = (byte)direction;
        BinaryPrimitives.WriteUInt64BigEndian(input[(label.Length + 1)..], epoch);
        TokenMac.Compute(addressingSecret, Labels.RelayTokenKey, input, token);
    }
}
