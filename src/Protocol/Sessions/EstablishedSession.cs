using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Ratchet;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Sessions;

/// <summary>
/// One contact's session after first contact: the header-encrypted ratchet plus what both lanes need — the
/// transcript hash every ratchet call binds, the addressing secret behind the relay tokens, and the peer's
/// identity key. The same session serves the direct and the relay lane (ADR 0011). Messages are padded
/// inside the encryption so every sealed message is exactly one relay bucket.
/// </summary>
public sealed class EstablishedSession : IDisposable
{
    public const byte StateVersion = 1;
    private const int SecretSize = 32;
    private const int FixedStateSize = 1 + 1 + (3 * SecretSize) + 4;

    private readonly RatchetSession _ratchet;
    private readonly byte[] _associatedData;
    private readonly byte[] _addressingSecret;
    private readonly byte[] _peerIdentityKey;
    private bool _disposed;

    internal EstablishedSession(HandshakeRole role, RatchetSession ratchet, ReadOnlySpan<byte> associatedData,
        ReadOnlySpan<byte> addressingSecret, ReadOnlySpan<byte> peerIdentityKey)
    {
        Role = role;
        _ratchet = ratchet;
        _associatedData = associatedData.ToArray();
        _addressingSecret = addressingSecret.ToArray();
        _peerIdentityKey = peerIdentityKey.ToArray();
    }

    public HandshakeRole Role { get; }

    internal RatchetSession Ratchet => _ratchet;

    /// <summary>The peer's Ed25519 identity public key, as the handshake authenticated it.</summary>
    public ReadOnlySpan<byte> PeerIdentityKey => _peerIdentityKey;

    /// <summary>Overhead of one ratchet message over its (padded) plaintext.</summary>
    public static int MessageOverhead => RatchetLimits.MinMessageLength;

    /// <summary>Largest plaintext a single message carries (it must fit the 64 KiB bucket once sealed).</summary>
    public static int MaxPlaintextLength => (64 * 1024) - MessageOverhead - BucketPadding.LengthPrefixSize;

    /// <summary>Pads and encrypts; the result is exactly one relay bucket. Store <see cref="Serialize"/> before sending it.</summary>
    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, IEntropy entropy)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var padded = BucketPadding.Pad(plaintext, MessageOverhead);
        try
        {
            return _ratchet.Encrypt(padded, _associatedData, entropy);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    /// <summary>
    /// Decrypts and unpads. Every failure up to and including authentication (length, header, body tag,
    /// duplicate, bounds) leaves the state unchanged. A message that authenticates but carries malformed
    /// padding can only come from the peer's own bug: it is reported (<see cref="ProtocolError.NonZeroPadding"/>,
    /// <see cref="ProtocolError.PaddedLengthOutOfRange"/>) with the ratchet already advanced, so the caller
    /// stores the state as after a success.
    /// </summary>
    public ProtocolResult<byte[]> Decrypt(ReadOnlySpan<byte> message)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!RelayLimits.IsBucketSize(message.Length))
        {
            return ProtocolError.NotABucketSize;
        }

        var decrypted = _ratchet.TryDecrypt(message, _associatedData);
        if (!decrypted.TryGetValue(out var padded))
        {
            return decrypted.Error;
        }

        try
        {
            // Authenticated by the ratchet: malformed padding here is the peer's bug, reported, not trusted.
            return BucketPadding.TryUnpad(padded, MessageOverhead);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    /// <summary>The relay token this side deposits to in <paramref name="epoch"/>.</summary>
    public byte[] SendingToken(ulong epoch)
    {
        // After Dispose the addressing secret is all zeros: a token from it would be one anybody can compute.
        ObjectDisposedException.ThrowIf(_disposed, this);
        return RelayToken.Derive(_addressingSecret, OwnDirection, epoch);
    }

    /// <summary>The relay token this side fetches from in <paramref name="epoch"/>.</summary>
    public byte[] ReceivingToken(ulong epoch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return RelayToken.Derive(_addressingSecret, PeerDirection, epoch);
    }

    private RelayDirection OwnDirection => Role == HandshakeRole.Initiator ? RelayDirection.InitiatorToResponder : RelayDirection.ResponderToInitiator;

    private RelayDirection PeerDirection => Role == HandshakeRole.Initiator ? RelayDirection.ResponderToInitiator : RelayDirection.InitiatorToResponder;

    /// <summary>version ‖ role ‖ associated data ‖ addressing secret ‖ peer identity ‖ u32 length ‖ ratchet state.</summary>
    public byte[] Serialize()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var ratchet = _ratchet.Serialize();
        try
        {
            var output = new byte[FixedStateSize + ratchet.Length];
            var writer = new WireWriter(output);
            writer.WriteByte(StateVersion);
            writer.WriteByte((byte)Role);
            writer.WriteFixed(_associatedData);
            writer.WriteFixed(_addressingSecret);
            writer.WriteFixed(_peerIdentityKey);
            writer.WriteVariable32(ratchet);
            return output;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ratchet);
        }
    }

    public static ProtocolResult<EstablishedSession> Deserialize(ReadOnlySpan<byte> state)
    {
        var reader = new WireReader(state);
        var versionError = reader.TryReadVersion(StateVersion);
        if (versionError != ProtocolError.None)
        {
            return versionError;
        }

        if (!reader.TryReadByte(out var roleByte))
        {
            return ProtocolError.Truncated;
        }

        if (roleByte > (byte)HandshakeRole.Responder || !Enum.IsDefined((HandshakeRole)roleByte))
        {
            return ProtocolError.InvalidEncoding;
        }

        if (!reader.TryReadFixed(SecretSize, out var associatedData)
            || !reader.TryReadFixed(SecretSize, out var addressingSecret)
            || !reader.TryReadFixed(SecretSize, out var peerIdentityKey))
        {
            return ProtocolError.Truncated;
        }

        var error = reader.TryReadVariable32(RatchetStateCodec.MaxStateSize, out var ratchetState);
        if (error != ProtocolError.None)
        {
            return error;
        }

        if (!reader.IsAtEnd)
        {
            return ProtocolError.TrailingBytes;
        }

        var ratchet = RatchetSession.Deserialize(ratchetState);
        if (!ratchet.TryGetValue(out var session))
        {
            return ratchet.Error;
        }

        return ProtocolResult<EstablishedSession>.Ok(
            new EstablishedSession((HandshakeRole)roleByte, session, associatedData, addressingSecret, peerIdentityKey));
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _ratchet.Dispose();
        CryptographicOperations.ZeroMemory(_associatedData);
        CryptographicOperations.ZeroMemory(_addressingSecret);
        _disposed = true;
    }

    public override string ToString() => $"EstablishedSession({Role})";
}
