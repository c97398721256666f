using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.DirectoryRecords;

/// <summary>
/// A blinded directory record: how to reach an identity (prekey bundle, relay, intro token) during one
/// epoch, findable and readable only by someone who already knows the identity public key.
/// <code>
/// prk     = HKDF-Extract(salt = epoch (u64 BE), ikm = identity public key)
/// locator = HKDF-Expand(prk, "pvtcoms/v1/directory/locator", 32)
/// key     = HKDF-Expand(prk, "pvtcoms/v1/directory/key", 32)
/// blob    = version (1) ‖ nonce (24) ‖ XChaCha20-Poly1305(key, nonce, content, aad = label ‖ version ‖ locator)
/// content = content version (1) ‖ identity (32) ‖ epoch (u64) ‖ expiry epoch (u64) ‖ u16 len ‖ prekey bundle
///           ‖ u8 len ‖ relay address ‖ intro token (32) ‖ Ed25519 signature by the identity (64)
///           over "pvtcoms/v1/directory/signature" ‖ every content byte before it
/// </code>
/// A relay holding records cannot invert a locator, nor link two epochs' locators of one identity,
/// unless it already knows (or guesses) that identity's public key.
/// </summary>
public sealed class DirectoryRecord
{
    public const byte Version = 1;
    public const byte ContentVersion = 1;
    public const int LocatorSize = 32;
    public const int IntroTokenSize = Invite.IntroTokenSize;
    public const int MaxPrekeyBundleLength = Invite.MaxPrekeyBundleLength;

    public const int MaxContentLength = 1 + IdentityKey.Size + 8 + 8 + 2 + MaxPrekeyBundleLength + 1 + RelayEndpoint.MaxLength
        + IntroTokenSize + Ed25519.SignatureSize;

    public const int MinContentLength = 1 + IdentityKey.Size + 8 + 8 + 2 + 1 + 1 + 1 + IntroTokenSize + Ed25519.SignatureSize;

    public const int SealOverhead = 1 + ChaCha20Poly1305Aead.XNonceSize + ChaCha20Poly1305Aead.TagSize;
    public const int MaxSealedLength = SealOverhead + MaxContentLength;

    private readonly byte[] _prekeyBundle;
    private readonly byte[] _introToken;

    private DirectoryRecord(IdentityKey identity, ulong epoch, ulong expiryEpoch, byte[] prekeyBundle, RelayEndpoint relay, byte[] introToken)
    {
        Identity = identity;
        Epoch = epoch;
        ExpiryEpoch = expiryEpoch;
        _prekeyBundle = prekeyBundle;
        Relay = relay;
        _introToken = introToken;
    }

    public IdentityKey Identity { get; }

    public ulong Epoch { get; }

    /// <summary>Last epoch the publisher vouches for the contents (≥ <see cref="Epoch"/>).</summary>
    public ulong ExpiryEpoch { get; }

    /// <summary>Opaque here; parsed and verified by the handshake.</summary>
    public ReadOnlySpan<byte> PrekeyBundle => _prekeyBundle;

    public RelayEndpoint Relay { get; }

    public ReadOnlySpan<byte> IntroToken => _introToken;

    public static byte[] ComputeLocator(IdentityKey identity, ulong epoch)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var locator = new byte[LocatorSize];
        Span<byte> key = stackalloc byte[ChaCha20Poly1305Aead.KeySize];
        try
        {
            Derive(identity.Bytes, epoch, locator, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return locator;
    }

    /// <summary>Signs and seals a record for <paramref name="epoch"/>. Invalid fields are a caller bug and throw.</summary>
    public static SealedDirectoryRecord Create(IdentityKeyPair identity, ulong epoch, ulong expiryEpoch,
        ReadOnlySpan<byte> prekeyBundle, RelayEndpoint relay, ReadOnlySpan<byte> introToken, IEntropy entropy)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(entropy);
        if (expiryEpoch < epoch)
        {
            throw new ArgumentOutOfRangeException(nameof(expiryEpoch), "Expiry epoch must not precede the epoch.");
        }

        var content = BuildContent(identity, identity.PublicKey, epoch, expiryEpoch, prekeyBundle, relay, introToken);
        try
        {
            return SealContent(identity.PublicKey, epoch, content, entropy);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(content);
        }
    }

    /// <summary>
    /// Opens a record fetched under <paramref name="locator"/> for <paramref name="expected"/> at
    /// <paramref name="epoch"/>. Untrusted bytes: a value or a typed error, never an exception.
    /// </summary>
    public static ProtocolResult<DirectoryRecord> Open(IdentityKey expected, ulong epoch, ReadOnlySpan<byte> locator, ReadOnlySpan<byte> blob)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Span<byte> expectedLocator = stackalloc byte[LocatorSize];
        Span<byte> key = stackalloc byte[ChaCha20Poly1305Aead.KeySize];
        byte[]? content = null;
        try
        {
            Derive(expected.Bytes, epoch, expectedLocator, key);
            if (locator.Length != LocatorSize || !CryptographicOperations.FixedTimeEquals(expectedLocator, locator))
            {
                return ProtocolError.DirectoryLocatorMismatch;
            }

            var reader = new WireReader(blob);
            var versionError = reader.TryReadVersion(Version);
            if (versionError != ProtocolError.None)
            {
                return versionError;
            }

            if (blob.Length > MaxSealedLength)
            {
                return ProtocolError.LengthOutOfRange;
            }

            if (!reader.TryReadFixed(ChaCha20Poly1305Aead.XNonceSize, out var nonce) || reader.Remaining < MinContentLength + ChaCha20Poly1305Aead.TagSize)
            {
                return ProtocolError.Truncated;
            }

            var body = reader.ReadRest();
            content = new byte[body.Length - ChaCha20Poly1305Aead.TagSize];
            if (!ChaCha20Poly1305Aead.TryDecryptExtended(key, nonce, body, AssociatedData(expectedLocator), content))
            {
                return ProtocolError.DecryptionFailed;
            }

            return ParseContent(expected, epoch, content);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            if (content is not null)
            {
                CryptographicOperations.ZeroMemory(content);
            }
        }
    }

    public override string ToString() => $"DirectoryRecord({Identity.Fingerprint}, epoch {Epoch}..{ExpiryEpoch})";

    /// <summary>The signed content; <paramref name="claimedIdentity"/> may differ from the signer only in tests.</summary>
    internal static byte[] BuildContent(IdentityKeyPair signer, IdentityKey claimedIdentity, ulong epoch, ulong expiryEpoch,
        ReadOnlySpan<byte> prekeyBundle, RelayEndpoint relay, ReadOnlySpan<byte> introToken)
    {
        ArgumentNullException.ThrowIfNull(relay);
        if (prekeyBundle.Length is 0 or > MaxPrekeyBundleLength)
        {
            throw new ArgumentException($"Prekey bundle must be 1..{MaxPrekeyBundleLength} bytes.", nameof(prekeyBundle));
        }

        if (introToken.Length != IntroTokenSize)
        {
            throw new ArgumentException($"Expected {IntroTokenSize} bytes.", nameof(introToken));
        }

        var relayBytes = relay.ToBytes();
        var content = new byte[1 + IdentityKey.Size + 8 + 8 + 2 + prekeyBundle.Length + 1 + relayBytes.Length + IntroTokenSize + Ed25519.SignatureSize];
        var writer = new WireWriter(content);
        writer.WriteByte(ContentVersion);
        writer.WriteFixed(claimedIdentity.Bytes);
        writer.WriteUInt64(epoch);
        writer.WriteUInt64(expiryEpoch);
        writer.WriteVariable16(prekeyBundle);
        writer.WriteByte((byte)relayBytes.Length);
        writer.WriteFixed(relayBytes);
        writer.WriteFixed(introToken);
        var signed = SignedMessage(content.AsSpan(0, writer.Position));
        signer.Sign(signed, writer.Reserve(Ed25519.SignatureSize));
        return content;
    }

    /// <summary>Seals <paramref name="content"/> under the key and locator of (<paramref name="identity"/>, <paramref name="epoch"/>).</summary>
    internal static SealedDirectoryRecord SealContent(IdentityKey identity, ulong epoch, ReadOnlySpan<byte> content, IEntropy entropy)
    {
        var locator = new byte[LocatorSize];
        Span<byte> key = stackalloc byte[ChaCha20Poly1305Aead.KeySize];
        try
        {
            Derive(identity.Bytes, epoch, locator, key);
            var blob = new byte[SealOverhead + content.Length];
            blob[0] = Version;
            var nonce = blob.AsSpan(1, ChaCha20Poly1305Aead.XNonceSize);
            entropy.Fill(nonce);
            ChaCha20Poly1305Aead.EncryptExtended(key, nonce, content, AssociatedData(locator), blob.AsSpan(1 + ChaCha20Poly1305Aead.XNonceSize));
            return new SealedDirectoryRecord(locator, blob);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static ProtocolResult<DirectoryRecord> ParseContent(IdentityKey expected, ulong epoch, ReadOnlySpan<byte> content)
    {
        var reader = new WireReader(content);
        var versionError = reader.TryReadVersion(ContentVersion);
        if (versionError != ProtocolError.None)
        {
            return versionError;
        }

        if (!reader.TryReadFixed(IdentityKey.Size, out var identity)
            || !reader.TryReadUInt64(out var recordEpoch)
            || !reader.TryReadUInt64(out var expiryEpoch))
        {
            return ProtocolError.Truncated;
        }

        if (!CryptographicOperations.FixedTimeEquals(identity, expected.Bytes))
        {
            return ProtocolError.DirectoryIdentityMismatch;
        }

        if (recordEpoch != epoch)
        {
            return ProtocolError.DirectoryEpochMismatch;
        }

        if (expiryEpoch < epoch)
        {
            return ProtocolError.DirectoryRecordExpired;
        }

        var bundleError = reader.TryReadVariable16(MaxPrekeyBundleLength, out var bundle);
        if (bundleError != ProtocolError.None)
        {
            return bundleError;
        }

        if (bundle.IsEmpty)
        {
            return ProtocolError.LengthOutOfRange;
        }

        if (!reader.TryReadByte(out var relayLength) || !reader.TryReadFixed(relayLength, out var relayBytes))
        {
            return ProtocolError.Truncated;
        }

        var relay = RelayEndpoint.Parse(relayBytes);
        if (!relay.IsOk)
        {
            return relay.Error;
        }

        var signedLength = reader.Position + IntroTokenSize;
        if (!reader.TryReadFixed(IntroTokenSize, out var introToken) || !reader.TryReadFixed(Ed25519.SignatureSize, out var signature))
        {
            return ProtocolError.Truncated;
        }

        if (!reader.IsAtEnd)
        {
            return ProtocolError.TrailingBytes;
        }

        if (!expected.Verify(SignedMessage(content[..signedLength]), signature))
        {
            return ProtocolError.DirectorySignatureInvalid;
        }

        return ProtocolResult<DirectoryRecord>.Ok(
            new DirectoryRecord(expected, recordEpoch, expiryEpoch, bundle.ToArray(), relay.Value, introToken.ToArray()));
    }

    private static void Derive(ReadOnlySpan<byte> identity, ulong epoch, Span<byte> locator, Span<byte> key)
    {
        Span<byte> salt = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(salt, epoch);
        Span<byte> prk = stackalloc byte[Kdf.HashSize];
        try
        {
            Kdf.HkdfExtract(identity, salt, prk);
            Kdf.HkdfExpand(prk, Labels.DirectoryLocator, locator);
            Kdf.HkdfExpand(prk, Labels.DirectoryKey, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(prk);
        }
    }

    private static byte[] AssociatedData(ReadOnlySpan<byte> locator)
    {
        var aad = new byte[Labels.DirectoryAssociatedData.Length + 1 + LocatorSize];
        Labels.DirectoryAssociatedData.CopyTo(aad);
        aad[Labels.DirectoryAssociatedData.Length] = Version;
        locator.CopyTo(aad.AsSpan(Labels.DirectoryAssociatedData.Length + 1));
        return aad;
    }

    private static byte[] SignedMessage(ReadOnlySpan<byte> unsignedContent)
    {
        var message = new byte[Labels.DirectorySignature.Length + unsignedContent.Length];
        Labels.DirectorySignature.CopyTo(message);
        unsignedContent.CopyTo(message.AsSpan(Labels.DirectorySignature.Length));
        return message;
    }
}
