using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Pvtcoms.Protocol.Crypto;

/// <summary>
/// The public values of one hybrid (X25519 + ML-KEM-768) handshake, exactly as both parties see them.
/// Everything here is hashed into the transcript; nothing here is secret.
/// </summary>
public readonly ref struct HybridTranscript
{
    public byte Version { get; init; }

    public ReadOnlySpan<byte> InitiatorIdentityKey { get; init; }

    public ReadOnlySpan<byte> ResponderIdentityKey { get; init; }

    public ReadOnlySpan<byte> InitiatorEphemeralKey { get; init; }

    public uint SignedPrekeyId { get; init; }

    public ReadOnlySpan<byte> SignedPrekey { get; init; }

    public uint MlKemPrekeyId { get; init; }

    public ReadOnlySpan<byte> MlKemPrekey { get; init; }

    public ReadOnlySpan<byte> MlKemCiphertext { get; init; }

    public bool HasOneTimePrekey { get; init; }

    public uint OneTimePrekeyId { get; init; }

    public ReadOnlySpan<byte> OneTimeX25519Prekey { get; init; }

    public ReadOnlySpan<byte> OneTimeMlKemPrekey { get; init; }

    public ReadOnlySpan<byte> OneTimeMlKemCiphertext { get; init; }
}

/// <summary>
/// The handshake combiner (docs/CRYPTO_SPEC.md part 2 §5, ADR 0020). The transcript hash is SHA-256 over a
/// length-prefixed encoding of both identity keys, every public key, every ML-KEM encapsulation key and
/// ciphertext (MAL-BIND) and every prekey id; the session secret is HKDF-SHA-256 over
/// 0xFF×32 ‖ DH1 ‖ [DH2] ‖ SS1 ‖ [SS2] with the transcript hash as salt, so changing any one input
/// changes every output.
/// </summary>
public static class HybridSessionKey
{
    public const int TranscriptHashSize = 32;
    public const int SessionSecretSize = 5 * 32;

    private const int FieldOverhead = 2;
    private const int MaxLabelSize = 64;

    /// <summary>Largest transcript encoding: label, version, three identity/ephemeral keys, both prekey groups.</summary>
    private const int MaxTranscriptSize =
        FieldOverhead + MaxLabelSize + 1
        + (3 * (FieldOverhead + X25519.PublicKeySize))
        + 4 + FieldOverhead + X25519.PublicKeySize
        + 4 + FieldOverhead + MlKem768.EncapsulationKeySize + FieldOverhead + MlKem768.CiphertextSize
        + 1
        + 4 + FieldOverhead + X25519.PublicKeySize + FieldOverhead + MlKem768.EncapsulationKeySize + FieldOverhead + MlKem768.CiphertextSize;

    private const int KeyMaterialPrefixSize = 32;
    private const int MaxKeyMaterialSize = KeyMaterialPrefixSize + (4 * 32);

    /// <summary>Hashes the transcript. A field of the wrong length is a caller bug and throws.</summary>
    public static void ComputeTranscriptHash(scoped in HybridTranscript transcript, Span<byte> transcriptHash)
    {
        BufferGuard.RequireLength(transcriptHash.Length, TranscriptHashSize, nameof(transcriptHash));
        BufferGuard.RequireLength(transcript.InitiatorIdentityKey.Length, Ed25519.PublicKeySize, nameof(transcript.InitiatorIdentityKey));
        BufferGuard.RequireLength(transcript.ResponderIdentityKey.Length, Ed25519.PublicKeySize, nameof(transcript.ResponderIdentityKey));
        BufferGuard.RequireLength(transcript.InitiatorEphemeralKey.Length, X25519.PublicKeySize, nameof(transcript.InitiatorEphemeralKey));
        BufferGuard.RequireLength(transcript.SignedPrekey.Length, X25519.PublicKeySize, nameof(transcript.SignedPrekey));
        BufferGuard.RequireLength(transcript.MlKemPrekey.Length, MlKem768.EncapsulationKeySize, nameof(transcript.MlKemPrekey));
        BufferGuard.RequireLength(transcript.MlKemCiphertext.Length, MlKem768.CiphertextSize, nameof(transcript.MlKemCiphertext));
        if (transcript.HasOneTimePrekey)
        {
            BufferGuard.RequireLength(transcript.OneTimeX25519Prekey.Length, X25519.PublicKeySize, nameof(transcript.OneTimeX25519Prekey));
            BufferGuard.RequireLength(transcript.OneTimeMlKemPrekey.Length, MlKem768.EncapsulationKeySize, nameof(transcript.OneTimeMlKemPrekey));
            BufferGuard.RequireLength(transcript.OneTimeMlKemCiphertext.Length, MlKem768.CiphertextSize, nameof(transcript.OneTimeMlKemCiphertext));
        }

        Span<byte> buffer = stackalloc byte[MaxTranscriptSize];
        var length = 0;
        Field(buffer, ref length, Labels.HandshakeTranscript);
        buffer[length++] = transcript.Version;
        Field(buffer, ref length, transcript.InitiatorIdentityKey);
        Field(buffer, ref length, transcript.ResponderIdentityKey);
        Field(buffer, ref length, transcript.InitiatorEphemeralKey);
        Id(buffer, ref length, transcript.SignedPrekeyId);
        Field(buffer, ref length, transcript.SignedPrekey);
        Id(buffer, ref length, transcript.MlKemPrekeyId);
        Field(buffer, ref length, transcript.MlKemPrekey);
        Field(buffer, ref length, transcript.MlKemCiphertext);
        if (transcript.HasOneTimePrekey)
        {
            buffer[length++] = 1;
            Id(buffer, ref length, transcript.OneTimePrekeyId);
            Field(buffer, ref length, transcript.OneTimeX25519Prekey);
            Field(buffer, ref length, transcript.OneTimeMlKemPrekey);
            Field(buffer, ref length, transcript.OneTimeMlKemCiphertext);
        }
        else
        {
            buffer[length++] = 0;
        }

        SHA256.HashData(buffer[..length], transcriptHash);
    }

    /// <summary>
    /// HKDF-SHA-256(IKM = 0xFF×32 ‖ dhSignedPrekey ‖ [dhOneTime] ‖ kemSignedPrekey ‖ [kemOneTime],
    /// salt = transcript hash, info = <see cref="Labels.HandshakeSessionKeys"/>) → 160 bytes. The one-time
    /// secrets are both empty (no one-time prekey) or both 32 bytes.
    /// </summary>
    public static void DeriveSessionSecret(ReadOnlySpan<byte> transcriptHash, ReadOnlySpan<byte> dhSignedPrekey,
        ReadOnlySpan<byte> dhOneTimePrekey, ReadOnlySpan<byte> kemSignedPrekey, ReadOnlySpan<byte> kemOneTimePrekey,
        Span<byte> sessionSecret)
    {
        BufferGuard.RequireLength(transcriptHash.Length, TranscriptHashSize, nameof(transcriptHash));
        BufferGuard.RequireLength(dhSignedPrekey.Length, X25519.SharedSecretSize, nameof(dhSignedPrekey));
        BufferGuard.RequireLength(kemSignedPrekey.Length, MlKem768.SharedSecretSize, nameof(kemSignedPrekey));
        BufferGuard.RequireLength(sessionSecret.Length, SessionSecretSize, nameof(sessionSecret));
        var hasOneTime = !dhOneTimePrekey.IsEmpty;
        if (hasOneTime != !kemOneTimePrekey.IsEmpty)
        {
            throw new ArgumentException("The one-time DH and KEM secrets come together or not at all.", nameof(kemOneTimePrekey));
        }

        if (hasOneTime)
        {
            BufferGuard.RequireLength(dhOneTimePrekey.Length, X25519.SharedSecretSize, nameof(dhOneTimePrekey));
            BufferGuard.RequireLength(kemOneTimePrekey.Length, MlKem768.SharedSecretSize, nameof(kemOneTimePrekey));
        }

        Span<byte> keyMaterial = stackalloc byte[MaxKeyMaterialSize];
        try
        {
            var length = KeyMaterialPrefixSize;
            keyMaterial[..KeyMaterialPrefixSize].Fill(0xFF);
            Append(keyMaterial, ref length, dhSignedPrekey);
            Append(keyMaterial, ref length, dhOneTimePrekey);
            Append(keyMaterial, ref length, kemSignedPrekey);
            Append(keyMaterial, ref length, kemOneTimePrekey);
            Kdf.Hkdf(keyMaterial[..length], transcriptHash, Labels.HandshakeSessionKeys, sessionSecret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyMaterial);
        }
    }

    /// <summary>Both steps at once: the transcript hash, then the session secret salted with it.</summary>
    public static void Derive(scoped in HybridTranscript transcript, ReadOnlySpan<byte> dhSignedPrekey,
        ReadOnlySpan<byte> dhOneTimePrekey, ReadOnlySpan<byte> kemSignedPrekey, ReadOnlySpan<byte> kemOneTimePrekey,
        Span<byte> transcriptHash, Span<byte> sessionSecret)
    {
        if (transcript.HasOneTimePrekey == dhOneTimePrekey.IsEmpty)
        {
            throw new ArgumentException("One-time secrets must be present exactly when the transcript has a one-time prekey.", nameof(dhOneTimePrekey));
        }

        ComputeTranscriptHash(transcript, transcriptHash);
        DeriveSessionSecret(transcriptHash, dhSignedPrekey, dhOneTimePrekey, kemSignedPrekey, kemOneTimePrekey, sessionSecret);
    }

    private static void Field(Span<byte> buffer, ref int length, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(buffer[length..], (ushort)value.Length);
        length += FieldOverhead;
        value.CopyTo(buffer[length..]);
        length += value.Length;
    }

    private static void Id(Span<byte> buffer, ref int length, uint id)
    {
        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], id);
        length += 4;
    }

    private static void Append(Span<byte> buffer, ref int length, ReadOnlySpan<byte> value)
    {
        value.CopyTo(buffer[length..]);
        length += value.Length;
    }
}
