using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Handshake;

/// <summary>
/// What an invite or a directory record carries so that someone can open a session with the responder
/// while it is offline: its Ed25519 identity key, a signed X25519 prekey, a signed ML-KEM-768 prekey and,
/// when the responder has one left, a signed one-time hybrid prekey. All public; immutable once built.
/// The caller must still check that <see cref="IdentityKey"/> is the identity it meant to reach.
/// </summary>
public sealed class PrekeyBundle
{
    private readonly byte[] _identityKey;
    private readonly byte[] _signedPrekey;
    private readonly byte[] _signedPrekeySignature;
    private readonly byte[] _mlKemPrekey;
    private readonly byte[] _mlKemPrekeySignature;
    private readonly byte[] _oneTimeX25519Prekey;
    private readonly byte[] _oneTimeMlKemPrekey;
    private readonly byte[] _oneTimePrekeySignature;
    private bool _verified;

    internal PrekeyBundle(ReadOnlySpan<byte> identityKey,
        uint signedPrekeyId, ReadOnlySpan<byte> signedPrekey, ReadOnlySpan<byte> signedPrekeySignature,
        uint mlKemPrekeyId, ReadOnlySpan<byte> mlKemPrekey, ReadOnlySpan<byte> mlKemPrekeySignature,
        bool hasOneTimePrekey, uint oneTimePrekeyId, ReadOnlySpan<byte> oneTimeX25519Prekey,
        ReadOnlySpan<byte> oneTimeMlKemPrekey, ReadOnlySpan<byte> oneTimePrekeySignature)
    {
        _identityKey = identityKey.ToArray();
        SignedPrekeyId = signedPrekeyId;
        _signedPrekey = signedPrekey.ToArray();
        _signedPrekeySignature = signedPrekeySignature.ToArray();
        MlKemPrekeyId = mlKemPrekeyId;
        _mlKemPrekey = mlKemPrekey.ToArray();
        _mlKemPrekeySignature = mlKemPrekeySignature.ToArray();
        HasOneTimePrekey = hasOneTimePrekey;
        OneTimePrekeyId = hasOneTimePrekey ? oneTimePrekeyId : 0;
        _oneTimeX25519Prekey = hasOneTimePrekey ? oneTimeX25519Prekey.ToArray() : [];
        _oneTimeMlKemPrekey = hasOneTimePrekey ? oneTimeMlKemPrekey.ToArray() : [];
        _oneTimePrekeySignature = hasOneTimePrekey ? oneTimePrekeySignature.ToArray() : [];
    }

    public static byte Version => HandshakeLimits.Version;

    /// <summary>The responder's Ed25519 identity public key.</summary>
    public ReadOnlySpan<byte> IdentityKey => _identityKey;

    public uint SignedPrekeyId { get; }

    /// <summary>The signed X25519 prekey; also the responder's first ratchet public key.</summary>
    public ReadOnlySpan<byte> SignedPrekey => _signedPrekey;

    public ReadOnlySpan<byte> SignedPrekeySignature => _signedPrekeySignature;

    public uint MlKemPrekeyId { get; }

    /// <summary>The signed ML-KEM-768 encapsulation key (1184 bytes).</summary>
    public ReadOnlySpan<byte> MlKemPrekey => _mlKemPrekey;

    public ReadOnlySpan<byte> MlKemPrekeySignature => _mlKemPrekeySignature;

    public bool HasOneTimePrekey { get; }

    /// <summary>The one-time prekey's id; 0 when <see cref="HasOneTimePrekey"/> is false.</summary>
    public uint OneTimePrekeyId { get; }

    /// <summary>Empty when <see cref="HasOneTimePrekey"/> is false.</summary>
    public ReadOnlySpan<byte> OneTimeX25519Prekey => _oneTimeX25519Prekey;

    /// <summary>Empty when <see cref="HasOneTimePrekey"/> is false.</summary>
    public ReadOnlySpan<byte> OneTimeMlKemPrekey => _oneTimeMlKemPrekey;

    /// <summary>Empty when <see cref="HasOneTimePrekey"/> is false.</summary>
    public ReadOnlySpan<byte> OneTimePrekeySignature => _oneTimePrekeySignature;

    public int SerializedSize =>
        1 + Field(Ed25519.PublicKeySize)
        + 4 + Field(X25519.PublicKeySize) + Field(Ed25519.SignatureSize)
        + 4 + Field(MlKem768.EncapsulationKeySize) + Field(Ed25519.SignatureSize)
        + 1
        + (HasOneTimePrekey ? 4 + Field(X25519.PublicKeySize) + Field(MlKem768.EncapsulationKeySize) + Field(Ed25519.SignatureSize) : 0);

    /// <summary>
    /// Checks every signature against <see cref="IdentityKey"/> and both ML-KEM keys against the FIPS 203
    /// modulus check. Returns <see cref="ProtocolError.None"/> when the bundle may be used. The result of a
    /// success is remembered (the bundle is immutable).
    /// </summary>
    public ProtocolError Verify()
    {
        if (_verified)
        {
            return ProtocolError.None;
        }

        if (!HandshakeSignatures.VerifySignedX25519Prekey(_identityKey, SignedPrekeyId, _signedPrekey, _signedPrekeySignature)
            || !HandshakeSignatures.VerifySignedMlKemPrekey(_identityKey, MlKemPrekeyId, _mlKemPrekey, _mlKemPrekeySignature))
        {
            return ProtocolError.InvalidPrekeySignature;
        }

        if (HasOneTimePrekey && !HandshakeSignatures.VerifyOneTimePrekey(_identityKey, OneTimePrekeyId,
                _oneTimeX25519Prekey, _oneTimeMlKemPrekey, _oneTimePrekeySignature))
        {
            return ProtocolError.InvalidPrekeySignature;
        }

        if (!MlKem768.IsEncapsulationKeyValid(_mlKemPrekey)
            || (HasOneTimePrekey && !MlKem768.IsEncapsulationKeyValid(_oneTimeMlKemPrekey)))
        {
            return ProtocolError.InvalidEncapsulationKey;
        }

        _verified = true;
        return ProtocolError.None;
    }

    public byte[] Serialize()
    {
        var output = new byte[SerializedSize];
        var writer = new WireWriter(output);
        writer.WriteByte(HandshakeLimits.Version);
        HandshakeWire.WriteField(ref writer, _identityKey);
        writer.WriteUInt32(SignedPrekeyId);
        HandshakeWire.WriteField(ref writer, _signedPrekey);
        HandshakeWire.WriteField(ref writer, _signedPrekeySignature);
        writer.WriteUInt32(MlKemPrekeyId);
        HandshakeWire.WriteField(ref writer, _mlKemPrekey);
        HandshakeWire.WriteField(ref writer, _mlKemPrekeySignature);
        writer.WriteByte(HasOneTimePrekey ? (byte)1 : (byte)0);
        if (HasOneTimePrekey)
        {
            writer.WriteUInt32(OneTimePrekeyId);
            HandshakeWire.WriteField(ref writer, _oneTimeX25519Prekey);
            HandshakeWire.WriteField(ref writer, _oneTimeMlKemPrekey);
            HandshakeWire.WriteField(ref writer, _oneTimePrekeySignature);
        }

        return output;
    }

    /// <summary>
    /// Parses the structure only (version, exact lengths, no trailing bytes); call <see cref="Verify"/>
    /// (or let <see cref="HybridHandshake.Initiate"/> do it) before trusting any key in it.
    /// </summary>
    public static ProtocolResult<PrekeyBundle> Parse(ReadOnlySpan<byte> bytes)
    {
        var reader = new WireReader(bytes);
        var versionError = reader.TryReadVersion(HandshakeLimits.Version);
        if (versionError != ProtocolError.None)
        {
            return versionError;
        }

        ProtocolError error;
        if ((error = HandshakeWire.ReadField(ref reader, Ed25519.PublicKeySize, ProtocolError.InvalidKeyLength, out var identityKey)) != ProtocolError.None)
        {
            return error;
        }

        if (!reader.TryReadUInt32(out var signedPrekeyId))
        {
            return ProtocolError.Truncated;
        }

        if ((error = HandshakeWire.ReadField(ref reader, X25519.PublicKeySize, ProtocolError.InvalidKeyLength, out var signedPrekey)) != ProtocolError.None
            || (error = HandshakeWire.ReadField(ref reader, Ed25519.SignatureSize, ProtocolError.InvalidSignature, out var signedPrekeySignature)) != ProtocolError.None)
        {
            return error;
        }

        if (!reader.TryReadUInt32(out var mlKemPrekeyId))
        {
            return ProtocolError.Truncated;
        }

        if ((error = HandshakeWire.ReadField(ref reader, MlKem768.EncapsulationKeySize, ProtocolError.InvalidKeyLength, out var mlKemPrekey)) != ProtocolError.None
            || (error = HandshakeWire.ReadField(ref reader, Ed25519.SignatureSize, ProtocolError.InvalidSignature, out var mlKemPrekeySignature)) != ProtocolError.None
            || (error = HandshakeWire.ReadPresence(ref reader, out var hasOneTime)) != ProtocolError.None)
        {
            return error;
        }

        uint oneTimeId = 0;
        ReadOnlySpan<byte> oneTimeX25519 = default, oneTimeMlKem = default, oneTimeSignature = default;
        if (hasOneTime)
        {
            if (!reader.TryReadUInt32(out oneTimeId))
            {
                return ProtocolError.Truncated;
            }

            if ((error = HandshakeWire.ReadField(ref reader, X25519.PublicKeySize, ProtocolError.InvalidKeyLength, out oneTimeX25519)) != ProtocolError.None
                || (error = HandshakeWire.ReadField(ref reader, MlKem768.EncapsulationKeySize, ProtocolError.InvalidKeyLength, out oneTimeMlKem)) != ProtocolError.None
                || (error = HandshakeWire.ReadField(ref reader, Ed25519.SignatureSize, ProtocolError.InvalidSignature, out oneTimeSignature)) != ProtocolError.None)
            {
                return error;
            }
        }

        if (!reader.IsAtEnd)
        {
            return ProtocolError.TrailingBytes;
        }

        return ProtocolResult<PrekeyBundle>.Ok(new PrekeyBundle(identityKey, signedPrekeyId, signedPrekey, signedPrekeySignature,
            mlKemPrekeyId, mlKemPrekey, mlKemPrekeySignature, hasOneTime, oneTimeId, oneTimeX25519, oneTimeMlKem, oneTimeSignature));
    }

    public override string ToString() =>
        $"PrekeyBundle(v{HandshakeLimits.Version}, spk {SignedPrekeyId}, pq {MlKemPrekeyId}, one-time {(HasOneTimePrekey ? OneTimePrekeyId.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")})";

    private static int Field(int length) => HandshakeWire.FieldOverhead + length;
}
