using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Ratchet;

namespace Pvtcoms.Protocol.Sessions;

/// <summary>
/// Asynchronous first contact, end to end: the hybrid handshake, the ratchet started from its keys, the
/// first message encrypted inside the initial message, and the whole sealed into one relay bucket.
/// </summary>
public static class FirstContact
{
    /// <summary>
    /// Alice's side. Returns the intro envelope (one bucket, for the responder's intro mailbox) and the
    /// session; the caller stores the session (sealed) before it deposits the envelope.
    /// </summary>
    public static ProtocolResult<(byte[] Envelope, EstablishedSession Session)> Initiate(ReadOnlySpan<byte> identitySeed,
        PrekeyBundle bundle, ReadOnlySpan<byte> firstPlaintext, IEntropy entropy)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(entropy);
        if (firstPlaintext.Length > EstablishedSession.MaxPlaintextLength)
        {
            return ProtocolError.LengthOutOfRange;
        }

        var initiated = HybridHandshake.Initiate(identitySeed, bundle, ReadOnlySpan<byte>.Empty, entropy);
        if (!initiated.TryGetValue(out var handshake))
        {
            return initiated.Error;
        }

        using var keys = handshake.Keys;
        var ratchet = RatchetSession.InitializeInitiator(keys.RootKey, keys.SharedHeaderKeyA, keys.SharedNextHeaderKeyB,
            keys.ResponderRatchetPublicKey, entropy);
        var session = new EstablishedSession(HandshakeRole.Initiator, ratchet, keys.TranscriptHash, keys.AddressingSecret,
            keys.ResponderIdentityKey);
        var first = session.Encrypt(firstPlaintext, entropy);
        var initialMessage = handshake.Message.WithFirstPayload(first).Serialize();
        return ProtocolResult<(byte[], EstablishedSession)>.Ok((IntroEnvelope.Seal(bundle, initialMessage, entropy), session));
    }

    /// <summary>
    /// Bob's side. Opens the envelope, runs the handshake (consuming the one-time prekey), starts the ratchet
    /// and decrypts the first message, then completes the responder's first DH step so the signed prekey's
    /// private key does not remain in the session. A refused handshake consumes nothing. The caller stores the prekeys and
    /// the session before it acknowledges the envelope to the relay.
    /// </summary>
    public static ProtocolResult<(EstablishedSession Session, byte[] FirstPlaintext)> Accept(ResponderPrekeys prekeys, ReadOnlySpan<byte> envelope,
        IEntropy entropy)
    {
        ArgumentNullException.ThrowIfNull(prekeys);
        ArgumentNullException.ThrowIfNull(entropy);
        var opened = IntroEnvelope.Open(prekeys, envelope);
        if (!opened.TryGetValue(out var initialMessage))
        {
            return opened.Error;
        }

        var parsed = InitialMessage.Parse(initialMessage);
        if (!parsed.TryGetValue(out var message))
        {
            return parsed.Error;
        }

        // The first payload is not covered by the initiator's signature (it is authenticated by the ratchet
        // under the transcript hash). Someone on the path who swaps it burns the one-time prekey — the same
        // as dropping the envelope, which they could do anyway (ADR 0022).
        return Respond(prekeys, initialMessage, message.FirstPayload, entropy);
    }

    private static ProtocolResult<(EstablishedSession Session, byte[] FirstPlaintext)> Respond(ResponderPrekeys prekeys,
        ReadOnlySpan<byte> initialMessage, ReadOnlySpan<byte> firstPayload, IEntropy entropy)
    {
        var responded = HybridHandshake.Respond(prekeys, initialMessage);
        if (!responded.TryGetValue(out var handshake))
        {
            return responded.Error;
        }

        using var keys = handshake.Keys;
        var ratchet = RatchetSession.InitializeResponder(keys.RootKey, keys.SharedHeaderKeyA, keys.SharedNextHeaderKeyB,
            keys.ResponderRatchetPrivateKey);
        var session = new EstablishedSession(HandshakeRole.Responder, ratchet, keys.TranscriptHash, keys.AddressingSecret,
            handshake.InitiatorIdentityKey);
        var first = session.Decrypt(firstPayload);
        if (!first.TryGetValue(out var plaintext))
        {
            session.Dispose();
            return first.Error;
        }

        // The ratchet's private key is still the signed prekey's: replace it now, so a stored session that has
        // not replied yet cannot give the prekey back after it was rotated away (it would open old envelopes).
        session.Ratchet.CompletePendingRatchetStep(entropy);
        return ProtocolResult<(EstablishedSession, byte[])>.Ok((session, plaintext));
    }
}
