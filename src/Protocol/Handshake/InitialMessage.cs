using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Handshake;

/// <summary>
/// The initiator's first message: its identity key, its ephemeral X25519 key, the ids of the prekeys it
/// used, the ML-KEM ciphertext(s), its Ed25519 signature over the transcript hash, and an opaque first
/// payload (normally the first ratchet message, authenticated by the ratchet with the transcript hash as
/// associated data — the signature does not cover it). Public; immutable.
/// </summary>
public sealed class InitialMessage
{
    private readonly byte[] _initiatorIdentityKey;
    private readonly byte[] _initiatorEphemeralKey;
    private readonly byte[] _mlKemCiphertext;
    private readonly byte[] _oneTimeMlKemCiphertext;
    private readonly byte[] _signature;
    private readonly byte[] _firstPayload;

    /// <summary>Takes ownership of the arrays it is handed (callers pass fresh copies).</summary>
    private InitialMessage(byte[] initiatorIdentityKey, byte[] initiatorEphemeralKey, uint signedPrekeyId, uint mlKemPrekeyId,
        byte[] mlKemCiphertext, bool hasOneTimePrekey, uint oneTimePrekeyId, byte[] oneTimeMlKemCiphertext,
        byte[] signature, byte[] firstPayload)
    {
        _initiatorIdentityKey = initiatorIdentityKey;
        _initiatorEphemeralKey = initiatorEphemeralKey;
        SignedPrekeyId = signedPrekeyId;
        MlKemPrekeyId = mlKemPrekeyId;
        _mlKemCiphertext = mlKemCiphertext;
        HasOneTimePrekey = hasOneTimePrekey;
        OneTimePrekeyId = hasOneTimePrekey ? oneTimePrekeyId : 0;
        _oneTimeMlKemCiphertext = hasOneTimePrekey ? oneTimeMlKemCiphertext : [];
        _signature = signature;
        _firstPayload = firstPayload;
    }

    public static byte Version => HandshakeLimits.Version;

    public ReadOnlySpan<byte> InitiatorIdentityKey => _initiatorIdentityKey;

    public ReadOnlySpan<byte> InitiatorEphemeralKey => _initiatorEphemeralKey;

    public uint SignedPrekeyId { get; }

    public uint MlKemPrekeyId { get; }

    /// <summary>The ML-KEM-768 ciphertext to the signed ML-KEM prekey (1088 bytes).</summary>
    public ReadOnlySpan<byte> MlKemCiphertext => _mlKemCiphertext;

    public bool HasOneTimePrekey { get; }

    /// <summary>0 when <see cref="HasOneTimePrekey"/> is false.</summary>
    public uint OneTimePrekeyId { get; }

    /// <summary>The ML-KEM-768 ciphertext to the one-time ML-KEM key; empty without a one-time prekey.</summary>
    public ReadOnlySpan<byte> OneTimeMlKemCiphertext => _oneTimeMlKemCiphertext;

    /// <summary>The initiator's Ed25519 signature over the transcript hash (docs/CRYPTO_SPEC.md part 2 §3.4).</summary>
    public ReadOnlySpan<byte> Signature => _signature;

    public ReadOnlySpan<byte> FirstPayload => _firstPayload;

    /// <summary>The payload array itself, for <see cref="HybridHandshake.Respond"/> to hand out without another copy.</summary>
    internal byte[] FirstPayloadArray => _firstPayload;

    internal byte[] InitiatorIdentityKeyArray => _initiatorIdentityKey;

    public int SerializedSize =>
        1 + Field(Ed25519.PublicKeySize) + Field(X25519.PublicKeySize) + 4 + 4 + Field(MlKem768.CiphertextSize)
        + 1 + (HasOneTimePrekey ? 4 + Field(MlKem768.CiphertextSize) : 0)
        + Field(Ed25519.SignatureSize) + 4 + _firstPayload.Length;

    /// <summary>
    /// The same message with another first payload (the signature stays valid: it does not cover the
    /// payload). This is how the initiator attaches the first ratchet message it encrypted after
    /// <see cref="HybridHandshake.Initiate"/>. A payload over <see cref="HandshakeLimits.MaxFirstPayloadSize"/> is a caller bug.
    /// </summary>
    public InitialMessage WithFirstPayload(ReadOnlySpan<byte> firstPayload)
    {
        if (firstPayload.Length > HandshakeLimits.MaxFirstPayloadSize)
        {
            throw new ArgumentException("First payload too large.", nameof(firstPayload));
        }

        return new InitialMessage(_initiatorIdentityKey, _initiatorEphemeralKey, SignedPrekeyId, MlKemPrekeyId, _mlKemCiphertext,
            HasOneTimePrekey, OneTimePrekeyId, _oneTimeMlKemCiphertext, _signature, firstPayload.ToArray());
    }

    public byte[] Serialize()
    {
        var output = new byte[SerializedSize];
        var writer = new WireWriter(output);
        writer.WriteByte(HandshakeLimits.Version);
        HandshakeWire.WriteField(ref writer, _initiatorIdentityKey);
        HandshakeWire.WriteField(ref writer, _initiatorEphemeralKey);
        writer.WriteUInt32(SignedPrekeyId);
        writer.WriteUInt32(MlKemPrekeyId);
        HandshakeWire.WriteField(ref writer, _mlKemCiphertext);
        writer.WriteByte(HasOneTimePrekey ? (byte)1 : (byte)0);
        if (HasOneTimePrekey)
        {
            writer.WriteUInt32(OneTimePrekeyId);
            HandshakeWire.WriteField(ref writer, _oneTimeMlKemCiphertext);
        }

        HandshakeWire.WriteField(ref writer, _signature);
        writer.WriteVariable32(_firstPayload);
        return output;
    }

    public static ProtocolResult<InitialMessage> Parse(ReadOnlySpan<byte> bytes)
    {
        var reader = new WireReader(bytes);
        var versionError = reader.TryReadVersion(HandshakeLimits.Version);
        if (versionError != ProtocolError.None)
        {
            return versionError;
        }

        ProtocolError error;
        if ((error = HandshakeWire.ReadField(ref reader, Ed25519.PublicKeySize, ProtocolError.InvalidKeyLength, out var identityKey)) != ProtocolError.None
            || (error = HandshakeWire.ReadField(ref reader, X25519.PublicKeySize, ProtocolError.InvalidKeyLength, out var ephemeralKey)) != ProtocolError.None)
        {
            return error;
        }

        if (!reader.TryReadUInt32(out var signedPrekeyId) || !reader.TryReadUInt32(out var mlKemPrekeyId))
        {
            return ProtocolError.Truncated;
        }

        if ((error = HandshakeWire.ReadField(ref reader, MlKem768.CiphertextSize, ProtocolError.LengthOutOfRange, out var ciphertext)) != ProtocolError.None
            || (error = HandshakeWire.ReadPresence(ref reader, out var hasOneTime)) != ProtocolError.None)
        {
            return error;
        }

        uint oneTimeId = 0;
        ReadOnlySpan<byte> oneTimeCiphertext = default;
        if (hasOneTime)
        {
            if (!reader.TryReadUInt32(out oneTimeId))
            {
                return ProtocolError.Truncated;
            }

            if ((error = HandshakeWire.ReadField(ref reader, MlKem768.CiphertextSize, ProtocolError.LengthOutOfRange, out oneTimeCiphertext)) != ProtocolError.None)
            {
                return error;
            }
        }

        if ((error = HandshakeWire.ReadField(ref reader, Ed25519.SignatureSize, ProtocolError.InvalidSignature, out var signature)) != ProtocolError.None
            || (error = reader.TryReadVariable32(HandshakeLimits.MaxFirstPayloadSize, out var firstPayload)) != ProtocolError.None)
        {
            return error;
        }

        if (!reader.IsAtEnd)
        {
            return ProtocolError.TrailingBytes;
        }

        return ProtocolResult<InitialMessage>.Ok(new InitialMessage(identityKey.ToArray(), ephemeralKey.ToArray(), signedPrekeyId,
            mlKemPrekeyId, ciphertext.ToArray(), hasOneTime, oneTimeId, oneTimeCiphertext.ToArray(), signature.ToArray(), firstPayload.ToArray()));
    }

    public override string ToString() =>
        $"InitialMessage(v{HandshakeLimits.Version}, spk {SignedPrekeyId}, pq {MlKemPrekeyId}, one-time {(HasOneTimePrekey ? OneTimePrekeyId.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}, payload {_firstPayload.Length} bytes)";

    internal static InitialMessage Create(byte[] initiatorIdentityKey, byte[] initiatorEphemeralKey, uint signedPrekeyId, uint mlKemPrekeyId,
        byte[] mlKemCiphertext, bool hasOneTimePrekey, uint oneTimePrekeyId, byte[] oneTimeMlKemCiphertext, byte[] signature, byte[] firstPayload) =>
        new(initiatorIdentityKey, initiatorEphemeralKey, signedPrekeyId, mlKemPrekeyId, mlKemCiphertext, hasOneTimePrekey,
            oneTimePrekeyId, oneTimeMlKemCiphertext, signature, firstPayload);

    private static int Field(int length) => HandshakeWire.FieldOverhead + length;
}
