using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Handshake;

/// <summary>
/// The asynchronous hybrid handshake (docs/CRYPTO_SPEC.md part 2, ADRs 0020–0022). The initiator reads the
/// responder's <see cref="PrekeyBundle"/> and sends one <see cref="InitialMessage"/>; both sides end with
/// the same <see cref="SessionKeys"/>.
/// <list type="bullet">
/// <item>DH1 = X25519(EK_A, SPK_B); DH2 = X25519(EK_A, OPK_B) when a one-time prekey is used.</item>
/// <item>SS1 = ML-KEM-768 to the signed ML-KEM prekey; SS2 = ML-KEM-768 to the one-time ML-KEM key.</item>
/// <item>The responder is authenticated by its identity key's signatures on the prekeys; the initiator by
/// its identity key's signature over the transcript hash.</item>
/// </list>
/// </summary>
public static class HybridHandshake
{
    /// <summary>
    /// Opens a session from <paramref name="bundle"/>. The bundle is verified here (signatures, ML-KEM
    /// modulus check); a bad one gives its typed error. <paramref name="firstPayload"/> is carried as opaque
    /// bytes — usually empty here, then replaced with <see cref="InitialMessage.WithFirstPayload"/> once the
    /// first ratchet message has been encrypted under the returned keys. Entropy use: 32 bytes for the
    /// ephemeral key, 32 per ML-KEM encapsulation.
    /// </summary>
    public static ProtocolResult<(InitialMessage Message, SessionKeys Keys)> Initiate(ReadOnlySpan<byte> initiatorIdentitySeed,
        PrekeyBundle bundle, ReadOnlySpan<byte> firstPayload, IEntropy entropy)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(entropy);
        if (initiatorIdentitySeed.Length != Ed25519.SeedSize)
        {
            throw new ArgumentException($"Expected {Ed25519.SeedSize} bytes.", nameof(initiatorIdentitySeed));
        }

        if (firstPayload.Length > HandshakeLimits.MaxFirstPayloadSize)
        {
            return ProtocolError.LengthOutOfRange;
        }

        var verified = bundle.Verify();
        if (verified != ProtocolError.None)
        {
            return verified;
        }

        var hasOneTime = bundle.HasOneTimePrekey;
        Span<byte> ephemeralPrivate = stackalloc byte[X25519.PrivateKeySize];
        Span<byte> secrets = stackalloc byte[4 * 32];
        Span<byte> sessionSecret = stackalloc byte[HybridSessionKey.SessionSecretSize];
        try
        {
            var dh1 = secrets[..32];
            var dh2 = secrets[32..64];
            var ss1 = secrets[64..96];
            var ss2 = secrets[96..128];

            var identityKey = new byte[Ed25519.PublicKeySize];
            Ed25519.DerivePublicKey(initiatorIdentitySeed, identityKey);
            var ephemeralKey = new byte[X25519.PublicKeySize];
            X25519.GeneratePrivateKey(entropy, ephemeralPrivate);
            X25519.DerivePublicKey(ephemeralPrivate, ephemeralKey);

            if (!X25519.TryAgree(ephemeralPrivate, bundle.SignedPrekey, dh1)
                || (hasOneTime && !X25519.TryAgree(ephemeralPrivate, bundle.OneTimeX25519Prekey, dh2)))
            {
                return ProtocolError.InvalidPublicKey;
            }

            var ciphertext = new byte[MlKem768.CiphertextSize];
            var oneTimeCiphertext = hasOneTime ? new byte[MlKem768.CiphertextSize] : [];
            if (!MlKem768.TryEncapsulate(entropy, bundle.MlKemPrekey, ciphertext, ss1)
                || (hasOneTime && !MlKem768.TryEncapsulate(entropy, bundle.OneTimeMlKemPrekey, oneTimeCiphertext, ss2)))
            {
                return ProtocolError.InvalidEncapsulationKey;
            }

            var transcript = new HybridTranscript
            {
                Version = HandshakeLimits.Version,
                InitiatorIdentityKey = identityKey,
                ResponderIdentityKey = bundle.IdentityKey,
                InitiatorEphemeralKey = ephemeralKey,
                SignedPrekeyId = bundle.SignedPrekeyId,
                SignedPrekey = bundle.SignedPrekey,
                MlKemPrekeyId = bundle.MlKemPrekeyId,
                MlKemPrekey = bundle.MlKemPrekey,
                MlKemCiphertext = ciphertext,
                HasOneTimePrekey = hasOneTime,
                OneTimePrekeyId = bundle.OneTimePrekeyId,
                OneTimeX25519Prekey = bundle.OneTimeX25519Prekey,
                OneTimeMlKemPrekey = bundle.OneTimeMlKemPrekey,
                OneTimeMlKemCiphertext = oneTimeCiphertext,
            };
            Span<byte> transcriptHash = stackalloc byte[HybridSessionKey.TranscriptHashSize];
            HybridSessionKey.Derive(transcript, dh1, hasOneTime ? dh2 : default, ss1, hasOneTime ? ss2 : default, transcriptHash, sessionSecret);

            var signature = new byte[Ed25519.SignatureSize];
            HandshakeSignatures.SignTranscript(initiatorIdentitySeed, transcriptHash, signature);

            var message = InitialMessage.Create(identityKey, ephemeralKey, bundle.SignedPrekeyId, bundle.MlKemPrekeyId, ciphertext,
                hasOneTime, bundle.OneTimePrekeyId, oneTimeCiphertext, signature, firstPayload.ToArray());
            var keys = new SessionKeys(HandshakeRole.Initiator, sessionSecret, transcriptHash, identityKey, bundle.IdentityKey,
                bundle.SignedPrekey, default);
            return ProtocolResult<(InitialMessage, SessionKeys)>.Ok((message, keys));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ephemeralPrivate);
            CryptographicOperations.ZeroMemory(secrets);
            CryptographicOperations.ZeroMemory(sessionSecret);
        }
    }

    /// <summary>
    /// Accepts an initial message. Order: parse; find the signed prekeys (and the one-time prekey, refusing
    /// one already consumed); without a one-time prekey, refuse an ephemeral key already accepted (replay
    /// cache); hash the transcript; verify the initiator's signature; agree and decapsulate; derive. Only
    /// when all of that succeeded is <paramref name="prekeys"/> changed: the one-time prekey is consumed,
    /// or the replay tag recorded. Any failure leaves it exactly as it was. The caller must check the
    /// returned initiator identity key against its contacts (TOFU / pinned) and store the new prekey state
    /// before it acts on the session.
    /// </summary>
    public static ProtocolResult<(SessionKeys Keys, byte[] FirstPayload, byte[] InitiatorIdentityKey)> Respond(
        ResponderPrekeys prekeys, ReadOnlySpan<byte> initialMessageBytes)
    {
        ArgumentNullException.ThrowIfNull(prekeys);

        // The parsed message is private to this call, so its arrays can be handed out as they are.
        var parsed = InitialMessage.Parse(initialMessageBytes);
        if (!parsed.TryGetValue(out var message))
        {
            return parsed.Error;
        }

        var generation = prekeys.FindGeneration(message.SignedPrekeyId);
        if (generation is null || generation.MlKemId != message.MlKemPrekeyId)
        {
            return ProtocolError.UnknownPrekeyId;
        }

        OneTimePrekey? oneTime = null;
        UInt128 replayTag = default;
        if (message.HasOneTimePrekey)
        {
            var found = prekeys.FindOneTimePrekey(message.OneTimePrekeyId, out oneTime);
            if (found != ProtocolError.None)
            {
                return found;
            }
        }
        else
        {
            replayTag = ReplayCache.TagOf(message.InitiatorEphemeralKey);
            if (generation.Replay.Contains(replayTag))
            {
                return ProtocolError.ReplayedInitialMessage;
            }

            if (generation.Replay.IsFull)
            {
                return ProtocolError.ReplayCacheFull;
            }
        }

        var transcript = new HybridTranscript
        {
            Version = HandshakeLimits.Version,
            InitiatorIdentityKey = message.InitiatorIdentityKey,
            ResponderIdentityKey = prekeys.IdentityKey,
            InitiatorEphemeralKey = message.InitiatorEphemeralKey,
            SignedPrekeyId = generation.X25519Id,
            SignedPrekey = generation.X25519Public,
            MlKemPrekeyId = generation.MlKemId,
            MlKemPrekey = generation.MlKemEncapsulationKey,
            MlKemCiphertext = message.MlKemCiphertext,
            HasOneTimePrekey = oneTime is not null,
            OneTimePrekeyId = oneTime?.Id ?? 0,
            OneTimeX25519Prekey = oneTime is null ? default : oneTime.X25519Public,
            OneTimeMlKemPrekey = oneTime is null ? default : oneTime.MlKemEncapsulationKey,
            OneTimeMlKemCiphertext = message.OneTimeMlKemCiphertext,
        };
        Span<byte> transcriptHash = stackalloc byte[HybridSessionKey.TranscriptHashSize];
        HybridSessionKey.ComputeTranscriptHash(transcript, transcriptHash);
        if (!HandshakeSignatures.VerifyTranscript(message.InitiatorIdentityKey, transcriptHash, message.Signature))
        {
            return ProtocolError.InvalidSignature;
        }

        Span<byte> secrets = stackalloc byte[4 * 32];
        Span<byte> sessionSecret = stackalloc byte[HybridSessionKey.SessionSecretSize];
        try
        {
            var dh1 = secrets[..32];
            var dh2 = secrets[32..64];
            var ss1 = secrets[64..96];
            var ss2 = secrets[96..128];
            if (!X25519.TryAgree(generation.X25519Private, message.InitiatorEphemeralKey, dh1)
                || (oneTime is not null && !X25519.TryAgree(oneTime.X25519Private, message.InitiatorEphemeralKey, dh2)))
            {
                return ProtocolError.InvalidPublicKey;
            }

            if (!MlKem768.TryDecapsulate(generation.MlKemDecapsulationKey, message.MlKemCiphertext, ss1)
                || (oneTime is not null && !MlKem768.TryDecapsulate(oneTime.MlKemDecapsulationKey, message.OneTimeMlKemCiphertext, ss2)))
            {
                return ProtocolError.DecryptionFailed;
            }

            HybridSessionKey.DeriveSessionSecret(transcriptHash, dh1, oneTime is null ? default : dh2, ss1,
                oneTime is null ? default : ss2, sessionSecret);
            var keys = new SessionKeys(HandshakeRole.Responder, sessionSecret, transcriptHash, message.InitiatorIdentityKey,
                prekeys.IdentityKey, generation.X25519Public, generation.X25519Private);

            // Everything verified: commit the one state change.
            if (oneTime is not null)
            {
                prekeys.ConsumeOneTimePrekey(oneTime);
            }
            else
            {
                _ = generation.Replay.TryAdd(replayTag);
            }

            return ProtocolResult<(SessionKeys, byte[], byte[])>.Ok((keys, message.FirstPayloadArray, message.InitiatorIdentityKeyArray));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secrets);
            CryptographicOperations.ZeroMemory(sessionSecret);
        }
    }
}
