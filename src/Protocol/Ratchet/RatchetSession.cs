using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Ratchet;

/// <summary>
/// A Double Ratchet session with header encryption (Signal Double Ratchet spec §3 and §4), one per contact,
/// serving both the direct and the relay lane (ADR 0011). Decryption works on a copy of the state and
/// commits only on success: a message that fails for any reason leaves the session byte-for-byte unchanged.
/// Not thread-safe: its owner (the contact's actor) serialises every call.
/// </summary>
public sealed class RatchetSession : IDisposable
{
    private readonly SkippedMessageKeys _skipped;
    private readonly RetiredHeaderKeys _retired;
    private readonly List<SkippedKey> _pending = [];
    private readonly byte[] _pendingRetiredKey = new byte[RatchetLimits.KeySize];
    private readonly HeaderAeadKeyCache _sendHeaderAeadKey = new();
    private readonly HeaderAeadKeyCache _receiveHeaderAeadKey = new();
    private bool _hasPendingRetiredKey;
    private uint _pendingRetiredStep;
    private RatchetState _state;
    private RatchetState _working = new();
    private bool _disposed;

    private RatchetSession(RatchetState state, SkippedMessageKeys skipped, RetiredHeaderKeys retired)
    {
        _state = state;
        _skipped = skipped;
        _retired = retired;
    }

    /// <summary>Test hook (null in production): told every AEAD (key, nonce) this session seals with.</summary>
    internal RatchetAeadObserver? AeadObserver { get; set; }

    /// <summary>The sender's current ratchet public key (tests check it never appears on the wire).</summary>
    internal ReadOnlySpan<byte> CurrentRatchetPublicKey => _state.RatchetPublicKey;

    internal int SkippedKeyCount => _skipped.Count;

    /// <summary>
    /// Alice (handshake initiator): RatchetInitAliceHE. <paramref name="responderRatchetPublicKey"/> is Bob's
    /// signed X25519 prekey; Alice generates her first ratchet key pair from <paramref name="entropy"/>.
    /// </summary>
    public static RatchetSession InitializeInitiator(ReadOnlySpan<byte> rootKey, ReadOnlySpan<byte> sharedHeaderKeyA,
        ReadOnlySpan<byte> sharedNextHeaderKeyB, ReadOnlySpan<byte> responderRatchetPublicKey, IEntropy entropy)
    {
        RequireKey(rootKey, nameof(rootKey));
        RequireKey(sharedHeaderKeyA, nameof(sharedHeaderKeyA));
        RequireKey(sharedNextHeaderKeyB, nameof(sharedNextHeaderKeyB));
        RequireKey(responderRatchetPublicKey, nameof(responderRatchetPublicKey));
        ArgumentNullException.ThrowIfNull(entropy);

        var state = new RatchetState();
        Span<byte> dh = stackalloc byte[X25519.SharedSecretSize];
        try
        {
            X25519.GeneratePrivateKey(entropy, state.RatchetPrivateKey);
            X25519.DerivePublicKey(state.RatchetPrivateKey, state.RatchetPublicKey);
            responderRatchetPublicKey.CopyTo(state.RemoteRatchetKey);
            if (!X25519.TryAgree(state.RatchetPrivateKey, state.RemoteRatchetKey, dh))
            {
                throw new ArgumentException("Not a usable X25519 public key.", nameof(responderRatchetPublicKey));
            }

            RatchetKdf.RootStep(rootKey, dh, state.RootKey, state.SendChainKey, state.NextSendHeaderKey);
            sharedHeaderKeyA.CopyTo(state.SendHeaderKey);
            sharedNextHeaderKeyB.CopyTo(state.NextReceiveHeaderKey);
            state.Flags = RatchetStateFlags.HasRemoteRatchetKey | RatchetStateFlags.HasSendChain | RatchetStateFlags.HasSendHeaderKey;
            return new RatchetSession(state, new SkippedMessageKeys(), new RetiredHeaderKeys());
        }
        catch
        {
            state.Clear();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dh);
        }
    }

    /// <summary>
    /// Bob (responder): RatchetInitBobHE. His ratchet key pair is his signed X25519 prekey. He cannot send
    /// until he has decrypted Alice's first message.
    /// </summary>
    public static RatchetSession InitializeResponder(ReadOnlySpan<byte> rootKey, ReadOnlySpan<byte> sharedHeaderKeyA,
        ReadOnlySpan<byte> sharedNextHeaderKeyB, ReadOnlySpan<byte> responderRatchetPrivateKey)
    {
        RequireKey(rootKey, nameof(rootKey));
        RequireKey(sharedHeaderKeyA, nameof(sharedHeaderKeyA));
        RequireKey(sharedNextHeaderKeyB, nameof(sharedNextHeaderKeyB));
        RequireKey(responderRatchetPrivateKey, nameof(responderRatchetPrivateKey));

        var state = new RatchetState();
        responderRatchetPrivateKey.CopyTo(state.RatchetPrivateKey);
        X25519.DerivePublicKey(state.RatchetPrivateKey, state.RatchetPublicKey);
        rootKey.CopyTo(state.RootKey);
        sharedNextHeaderKeyB.CopyTo(state.NextSendHeaderKey);
        sharedHeaderKeyA.CopyTo(state.NextReceiveHeaderKey);
        state.Flags = RatchetStateFlags.None;
        return new RatchetSession(state, new SkippedMessageKeys(), new RetiredHeaderKeys());
    }

    /// <summary>
    /// Runs a pending sending half of the DH ratchet now instead of at the next <see cref="Encrypt"/>, so the
    /// old ratchet private key is overwritten before the state is stored. First contact uses it: the
    /// responder's first ratchet key is its signed prekey, which must not outlive the prekey's rotation
    /// inside a stored session. Does nothing when no step is pending.
    /// </summary>
    public void CompletePendingRatchetStep(IEntropy entropy)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(entropy);
        if (_state.Has(RatchetStateFlags.SendRatchetPending))
        {
            CompleteSendRatchet(_state, entropy);
        }
    }

    /// <summary>
    /// RatchetEncryptHE. Returns version ‖ encrypted header ‖ body. <paramref name="entropy"/> is used only
    /// when a new ratchet key pair is due (first send after receiving a new ratchet key).
    /// </summary>
    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, IEntropy entropy)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        RequireAssociatedData(associatedData);
        ArgumentNullException.ThrowIfNull(entropy);
        if (plaintext.Length > RatchetLimits.MaxPlaintextLength)
        {
            throw new ArgumentException($"At most {RatchetLimits.MaxPlaintextLength} bytes per message.", nameof(plaintext));
        }

        var state = _state;
        if (state.Has(RatchetStateFlags.SendRatchetPending))
        {
            CompleteSendRatchet(state, entropy);
        }

        if (!state.Has(RatchetStateFlags.HasSendChain))
        {
            throw new InvalidOperationException("The responder cannot send before it has decrypted the initiator's first message.");
        }

        if (state.SendCount == uint.MaxValue)
        {
            throw new InvalidOperationException("The sending chain is exhausted.");
        }

        var message = new byte[RatchetLimits.MinMessageLength + plaintext.Length];
        Span<byte> messageKey = stackalloc byte[MessageSeal.MessageKeySize];
        Span<byte> header = stackalloc byte[RatchetLimits.HeaderPlaintextSize];
        Span<byte> bodyAd = stackalloc byte[RatchetLimits.AssociatedDataSize + RatchetLimits.EncryptedHeaderSize];
        try
        {
            RatchetKdf.ChainStep(state.SendChainKey, messageKey);
            RatchetHeader.Write(state.RatchetPublicKey, state.PreviousSendCount, state.SendCount, header);
            message[0] = RatchetLimits.MessageVersion;
            var sealedHeader = message.AsSpan(1, RatchetLimits.EncryptedHeaderSize);
            HeaderEncryption.Seal(state.SendHeaderKey, _sendHeaderAeadKey.AeadKeyFor(state.SendHeaderKey), header,
                RatchetLimits.MessageVersion, sealedHeader, AeadObserver);
            state.SendCount++;

            associatedData.CopyTo(bodyAd);
            sealedHeader.CopyTo(bodyAd[RatchetLimits.AssociatedDataSize..]);
            MessageSeal.Seal(messageKey, plaintext, bodyAd, message.AsSpan(1 + RatchetLimits.EncryptedHeaderSize));
            if (AeadObserver is { } observer)
            {
                ReportBodySeal(observer, messageKey);
            }

            return message;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(messageKey);
            CryptographicOperations.ZeroMemory(header);
        }
    }

    /// <summary>
    /// RatchetDecryptHE on a copy of the state. Any failure returns a typed error and changes nothing;
    /// success commits the new state and deletes the message key used.
    /// </summary>
    public ProtocolResult<byte[]> TryDecrypt(ReadOnlySpan<byte> message, ReadOnlySpan<byte> associatedData)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        RequireAssociatedData(associatedData);
        if (message.Length > RatchetLimits.MaxMessageLength)
        {
            return ProtocolError.RatchetMessageTooLarge;
        }

        var reader = new WireReader(message);
        var versionError = reader.TryReadVersion(RatchetLimits.MessageVersion);
        if (versionError != ProtocolError.None)
        {
            return versionError;
        }

        if (!reader.TryReadFixed(RatchetLimits.EncryptedHeaderSize, out var sealedHeader))
        {
            return ProtocolError.Truncated;
        }

        var body = reader.ReadRest();
        if (body.Length < RatchetLimits.BodyOverhead)
        {
            return ProtocolError.Truncated;
        }

        _working.CopyFrom(_state);
        Span<byte> messageKey = stackalloc byte[MessageSeal.MessageKeySize];
        Span<byte> bodyAd = stackalloc byte[RatchetLimits.AssociatedDataSize + RatchetLimits.EncryptedHeaderSize];
        try
        {
            var error = ReceiveHeader(_working, sealedHeader, messageKey, out var skippedIndex);
            if (error != ProtocolError.None)
            {
                return error;
            }

            associatedData.CopyTo(bodyAd);
            sealedHeader.CopyTo(bodyAd[RatchetLimits.AssociatedDataSize..]);
            var plaintext = new byte[body.Length - RatchetLimits.BodyOverhead];
            if (!MessageSeal.TryOpen(messageKey, body, bodyAd, plaintext))
            {
                return ProtocolError.MessageDecryptionFailed;
            }

            Commit(skippedIndex);
            return ProtocolResult<byte[]>.Ok(plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(messageKey);
            DiscardPending();
            _working.Clear();
        }
    }

    /// <summary>All state, versioned (docs/CRYPTO_SPEC.md part 3 §7), for the owner to seal and store.</summary>
    public byte[] Serialize()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return RatchetStateCodec.Serialize(_state, _skipped, _retired);
    }

    /// <summary>Restores a session; malformed or inconsistent bytes give a typed error, never an exception.</summary>
    public static ProtocolResult<RatchetSession> Deserialize(ReadOnlySpan<byte> state)
    {
        var restored = new RatchetState();
        var skipped = new SkippedMessageKeys();
        var retired = new RetiredHeaderKeys();
        var error = RatchetStateCodec.TryDeserialize(state, restored, skipped, retired);
        return error == ProtocolError.None
            ? ProtocolResult<RatchetSession>.Ok(new RatchetSession(restored, skipped, retired))
            : error;
    }

    /// <summary>Zeroes every secret the session holds; later use throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _state.Clear();
        _working.Clear();
        _skipped.Clear();
        _retired.Clear();
        _sendHeaderAeadKey.Clear();
        _receiveHeaderAeadKey.Clear();
        DiscardPending();
        AeadObserver = null;
    }

    public override string ToString() => nameof(RatchetSession);

    /// <summary>Every buffer that holds or held a secret (tests check they are zero after Dispose).</summary>
    internal List<byte[]> SecretBuffersForTest()
    {
        var buffers = new List<byte[]>
        {
            _state.KeyBufferForTest, _working.KeyBufferForTest, _pendingRetiredKey,
            _sendHeaderAeadKey.BufferForTest, _receiveHeaderAeadKey.BufferForTest,
        };
        _skipped.CollectBuffersForTest(buffers);
        _retired.CollectBuffersForTest(buffers);
        return buffers;
    }

    /// <summary>Decrypts the header and derives (or finds) the message key into <paramref name="messageKey"/>.</summary>
    private ProtocolError ReceiveHeader(RatchetState working, ReadOnlySpan<byte> sealedHeader, Span<byte> messageKey,
        out int skippedIndex)
    {
        skippedIndex = -1;
        Span<byte> header = stackalloc byte[RatchetLimits.HeaderPlaintextSize];
        try
        {
            // Current receiving chain (HKr): a skipped key of it, or a step forward in it.
            if (working.Has(RatchetStateFlags.HasReceiveHeaderKey)
                && HeaderEncryption.TryOpenWithAeadKey(_receiveHeaderAeadKey.AeadKeyFor(working.ReceiveHeaderKey), sealedHeader,
                    RatchetLimits.MessageVersion, header))
            {
                var number = RatchetHeader.MessageNumber(header);
                skippedIndex = _skipped.IndexOf(working.ReceiveHeaderKey, number);
                if (skippedIndex >= 0)
                {
                    _skipped[skippedIndex].MessageKey.CopyTo(messageKey);
                    return ProtocolError.None;
                }

                return number < working.ReceiveCount
                    ? ProtocolError.DuplicateMessage
                    : AdvanceReceiveChain(working, number, messageKey);
            }

            // Next receiving chain (NHKr): the peer has a new ratchet key.
            if (HeaderEncryption.TryOpen(working.NextReceiveHeaderKey, sealedHeader, RatchetLimits.MessageVersion, header))
            {
                var error = SkipReceiveChain(working, RatchetHeader.PreviousChainLength(header));
                if (error == ProtocolError.None)
                {
                    RetireReceiveHeaderKey(working);
                    error = ReceiveRatchet(working, RatchetHeader.RatchetPublicKey(header));
                }

                return error == ProtocolError.None
                    ? AdvanceReceiveChain(working, RatchetHeader.MessageNumber(header), messageKey)
                    : error;
            }

            // An older chain that still has skipped keys.
            return TrySkippedChains(sealedHeader, header, messageKey, out skippedIndex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(header);
        }
    }

    /// <summary>
    /// TrySkippedMessageKeysHE for earlier chains: every skipped key's header key is HKr (tried already) or a
    /// retired one, so each retired header key is tried once, newest first. A header that opens under one
    /// but has no stored key was decrypted before (or its key was evicted): a duplicate.
    /// </summary>
    private ProtocolError TrySkippedChains(ReadOnlySpan<byte> sealedHeader, Span<byte> header, Span<byte> messageKey,
        out int skippedIndex)
    {
        skippedIndex = -1;
        for (var i = _retired.Count - 1; i >= 0; i--)
        {
            var headerKey = _retired[i].Key;
            if (HeaderEncryption.TryOpen(headerKey, sealedHeader, RatchetLimits.MessageVersion, header))
            {
                skippedIndex = _skipped.IndexOf(headerKey, RatchetHeader.MessageNumber(header));
                if (skippedIndex < 0)
                {
                    return ProtocolError.DuplicateMessage;
                }

                _skipped[skippedIndex].MessageKey.CopyTo(messageKey);
                return ProtocolError.None;
            }
        }

        return ProtocolError.HeaderDecryptionFailed;
    }

    /// <summary>Before a receiving DH step: keep the outgoing HKr (committed only if the message decrypts).</summary>
    private void RetireReceiveHeaderKey(RatchetState working)
    {
        if (working.Has(RatchetStateFlags.HasReceiveHeaderKey))
        {
            working.ReceiveHeaderKey.CopyTo(_pendingRetiredKey);
            _pendingRetiredStep = working.ReceiveSteps;
            _hasPendingRetiredKey = true;
        }
    }

    /// <summary>SkipMessageKeysHE(N) then KDF_CK: the message key of message N of the receiving chain.</summary>
    private ProtocolError AdvanceReceiveChain(RatchetState working, uint number, Span<byte> messageKey)
    {
        var error = SkipReceiveChain(working, number);
        if (error != ProtocolError.None)
        {
            return error;
        }

        if (!working.Has(RatchetStateFlags.HasReceiveChain))
        {
            return ProtocolError.InvalidRatchetMessage;
        }

        if (number == uint.MaxValue)
        {
            return ProtocolError.RatchetCounterOverflow;
        }

        RatchetKdf.ChainStep(working.ReceiveChainKey, messageKey);
        working.ReceiveCount = number + 1;
        return ProtocolError.None;
    }

    /// <summary>SkipMessageKeysHE: stores the keys of messages Nr..until-1 as pending skipped keys.</summary>
    private ProtocolError SkipReceiveChain(RatchetState working, uint until)
    {
        if ((ulong)working.ReceiveCount + RatchetLimits.MaxSkipPerChain < until)
        {
            return ProtocolError.TooManySkippedMessages;
        }

        if (!working.Has(RatchetStateFlags.HasReceiveChain) || working.ReceiveCount >= until)
        {
            return ProtocolError.None;
        }

        var headerKey = working.ReceiveHeaderKey.ToArray();
        while (working.ReceiveCount < until)
        {
            var messageKey = new byte[MessageSeal.MessageKeySize];
            RatchetKdf.ChainStep(working.ReceiveChainKey, messageKey);
            _pending.Add(new SkippedKey(headerKey, working.ReceiveCount, working.ReceiveSteps, messageKey));
            working.ReceiveCount++;
        }

        return ProtocolError.None;
    }

    /// <summary>
    /// The receiving half of DHRatchetHE. The sending half (new key pair, new sending chain) needs entropy,
    /// so it runs at the next <see cref="Encrypt"/> (<see cref="CompleteSendRatchet"/>).
    /// </summary>
    private static ProtocolError ReceiveRatchet(RatchetState working, ReadOnlySpan<byte> remoteRatchetKey)
    {
        if (working.ReceiveSteps == uint.MaxValue)
        {
            return ProtocolError.RatchetCounterOverflow;
        }

        Span<byte> dh = stackalloc byte[X25519.SharedSecretSize];
        try
        {
            if (!X25519.TryAgree(working.RatchetPrivateKey, remoteRatchetKey, dh))
            {
                return ProtocolError.InvalidRatchetMessage;
            }

            if (!working.Has(RatchetStateFlags.SendRatchetPending))
            {
                working.PreviousSendCount = working.SendCount;
            }

            working.SendCount = 0;
            working.ReceiveCount = 0;
            working.NextSendHeaderKey.CopyTo(working.SendHeaderKey);
            working.NextReceiveHeaderKey.CopyTo(working.ReceiveHeaderKey);
            remoteRatchetKey.CopyTo(working.RemoteRatchetKey);
            RatchetKdf.RootStep(working.RootKey, dh, working.RootKey, working.ReceiveChainKey, working.NextReceiveHeaderKey);
            CryptographicOperations.ZeroMemory(working.SendChainKey);
            working.Flags = (working.Flags & ~RatchetStateFlags.HasSendChain)
                | RatchetStateFlags.HasRemoteRatchetKey | RatchetStateFlags.HasReceiveChain
                | RatchetStateFlags.HasSendHeaderKey | RatchetStateFlags.HasReceiveHeaderKey
                | RatchetStateFlags.SendRatchetPending;
            working.ReceiveSteps++;
            return ProtocolError.None;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dh);
        }
    }

    /// <summary>The sending half of DHRatchetHE: DHs = GENERATE_DH(); RK, CKs, NHKs = KDF_RK_HE(RK, DH(DHs, DHr)).</summary>
    private static void CompleteSendRatchet(RatchetState state, IEntropy entropy)
    {
        Span<byte> dh = stackalloc byte[X25519.SharedSecretSize];
        try
        {
            X25519.GeneratePrivateKey(entropy, state.RatchetPrivateKey);
            X25519.DerivePublicKey(state.RatchetPrivateKey, state.RatchetPublicKey);

            // DHr was accepted by TryAgree when it arrived, and a low-order point is low-order for every scalar.
            if (!X25519.TryAgree(state.RatchetPrivateKey, state.RemoteRatchetKey, dh))
            {
                throw new InvalidOperationException("The stored remote ratchet key is unusable.");
            }

            RatchetKdf.RootStep(state.RootKey, dh, state.RootKey, state.SendChainKey, state.NextSendHeaderKey);
            state.Flags = (state.Flags & ~RatchetStateFlags.SendRatchetPending) | RatchetStateFlags.HasSendChain;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dh);
        }
    }

    private void Commit(int skippedIndex)
    {
        var ratcheted = _working.ReceiveSteps != _state.ReceiveSteps;
        if (skippedIndex >= 0)
        {
            _skipped.RemoveAt(skippedIndex);
        }

        foreach (var entry in _pending)
        {
            _skipped.Append(entry);
        }

        ReleasePendingHeaderKeys();
        if (_hasPendingRetiredKey)
        {
            _retired.Add(new RetiredHeaderKey(_pendingRetiredKey.ToArray(), _pendingRetiredStep));
        }

        if (ratcheted)
        {
            _skipped.Expire(_working.ReceiveSteps);
            _retired.Expire(_working.ReceiveSteps);
        }

        _skipped.EvictOldest(RatchetLimits.MaxSkippedTotal);
        (_state, _working) = (_working, _state);
    }

    /// <summary>After a commit: the pending entries now live in the store; their own header-key copies may be spare.</summary>
    private void ReleasePendingHeaderKeys()
    {
        byte[]? last = null;
        foreach (var entry in _pending)
        {
            // Append re-pointed entries, so compare against what the pending list itself allocated.
            if (!ReferenceEquals(entry.OriginalHeaderKey, last))
            {
                last = entry.OriginalHeaderKey;
                _skipped.ZeroIfUnreferenced(last);
            }
        }

        _pending.Clear();
    }

    private void DiscardPending()
    {
        foreach (var entry in _pending)
        {
            CryptographicOperations.ZeroMemory(entry.MessageKey);
            CryptographicOperations.ZeroMemory(entry.OriginalHeaderKey);
        }

        _pending.Clear();
        CryptographicOperations.ZeroMemory(_pendingRetiredKey);
        _hasPendingRetiredKey = false;
        _pendingRetiredStep = 0;
    }

    /// <summary>Reports the body's AEAD key and nonce exactly as MessageSeal derives them (test hook only).</summary>
    private static void ReportBodySeal(RatchetAeadObserver observer, ReadOnlySpan<byte> messageKey)
    {
        Span<byte> keyAndNonce = stackalloc byte[ChaCha20Poly1305Aead.KeySize + ChaCha20Poly1305Aead.NonceSize];
        Kdf.Hkdf(messageKey, ReadOnlySpan<byte>.Empty, Labels.MessageSeal, keyAndNonce);
        observer(RatchetAeadUse.Body, keyAndNonce[..ChaCha20Poly1305Aead.KeySize], keyAndNonce[ChaCha20Poly1305Aead.KeySize..]);
        CryptographicOperations.ZeroMemory(keyAndNonce);
    }

    private static void RequireKey(ReadOnlySpan<byte> key, string name)
    {
        if (key.Length != RatchetLimits.KeySize)
        {
            throw new ArgumentException($"Expected {RatchetLimits.KeySize} bytes.", name);
        }
    }

    private static void RequireAssociatedData(ReadOnlySpan<byte> associatedData)
    {
        if (associatedData.Length != RatchetLimits.AssociatedDataSize)
        {
            throw new ArgumentException($"Expected the {RatchetLimits.AssociatedDataSize}-byte transcript hash.", nameof(associatedData));
        }
    }
}
