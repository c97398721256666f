using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Ratchet;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// An independent reading of docs/CRYPTO_SPEC.md part 3 for the ratchet mutation tests: KDF_RK_HE with .NET's
/// HKDF, KDF_CK with .NET's HMAC-SHA-256, HENCRYPT and the message format, and the serialized-state offsets
/// of §7. Labels are spelled out here, not taken from <see cref="Labels"/>. Only X25519 and the AEADs come
/// from Protocol (they are pinned against RFC vectors elsewhere).
/// </summary>
internal static class RatchetSessionMutationSpec
{
    public const int FlagsOffset = 1;
    public const int KeyBlockOffset = 2;
    public const int KeyBlockSize = 320;
    public const int RemoteRatchetKeyOffset = 66;
    public const int ReceiveHeaderKeyOffset = 226;
    public const int SendCountOffset = 322;
    public const int ReceiveStepsOffset = 334;
    public const int SkippedCountOffset = 338;
    public const int SkippedEntrySize = 72;
    public const int RetiredEntrySize = 36;

    public const byte HasRemoteRatchetKey = 1;
    public const byte HasSendChain = 2;
    public const byte HasReceiveChain = 4;
    public const byte HasSendHeaderKey = 8;
    public const byte HasReceiveHeaderKey = 16;
    public const byte SendRatchetPending = 32;

    /// <summary>The shared secrets and key pairs every spec-pinned scenario starts from.</summary>
    public static readonly byte[] SharedRootKey = Filled(0x01);
    public static readonly byte[] SharedHeaderKeyA = Filled(0x02);
    public static readonly byte[] SharedNextHeaderKeyB = Filled(0x03);
    public static readonly byte[] BobPrekey = Filled(0x04);
    public static readonly byte[] AliceFirst = Filled(0x05);
    public static readonly byte[] Transcript = Filled(0x06);
    public static readonly byte[] BobSecond = Filled(0x07);
    public static readonly byte[] AliceSecond = Filled(0x08);

    public static RatchetSession NewAlice() => RatchetSession.InitializeInitiator(SharedRootKey, SharedHeaderKeyA,
        SharedNextHeaderKeyB, PublicOf(BobPrekey), new FixedEntropy(AliceFirst));

    public static RatchetSession NewBob() => RatchetSession.InitializeResponder(SharedRootKey, SharedHeaderKeyA,
        SharedNextHeaderKeyB, BobPrekey);

    /// <summary>KDF_RK_HE: HKDF-SHA-256(IKM = dh, salt = rk, info = "pvtcoms/v1/ratchet-root", L = 96).</summary>
    public static (byte[] RootKey, byte[] ChainKey, byte[] NextHeaderKey) RootKdf(byte[] rootKey, byte[] dh)
    {
        var okm = HKDF.DeriveKey(HashAlgorithmName.SHA256, dh, 96, rootKey, Ascii("pvtcoms/v1/ratchet-root"));
        return (okm[..32], okm[32..64], okm[64..]);
    }

    /// <summary>KDF_CK: mk = HMAC-SHA-256(ck, 0x01), next ck = HMAC-SHA-256(ck, 0x02).</summary>
    public static (byte[] MessageKey, byte[] NextChainKey) ChainKdf(byte[] chainKey) =>
        (HMACSHA256.HashData(chainKey, new byte[] { 0x01 }), HMACSHA256.HashData(chainKey, new byte[] { 0x02 }));

    /// <summary>The chain key after <paramref name="steps"/> KDF_CK steps.</summary>
    public static byte[] ChainKeyAfter(byte[] chainKey, int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            chainKey = ChainKdf(chainKey).NextChainKey;
        }

        return chainKey;
    }

    /// <summary>Header plaintext: DHs.pub (32) ‖ PN (u32 BE) ‖ N (u32 BE).</summary>
    public static byte[] Header(byte[] ratchetPublicKey, uint previousChainLength, uint number)
    {
        var header = new byte[40];
        ratchetPublicKey.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(32), previousChainLength);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(36), number);
        return header;
    }

    /// <summary>Version 0x01 ‖ HENCRYPT(hk, header) ‖ ENCRYPT(mk, plaintext, transcript ‖ enc_header).</summary>
    public static byte[] Message(byte[] headerKey, byte[] header, byte[] messageKey, byte[] plaintext)
    {
        var aeadKey = HMACSHA256.HashData(headerKey, Ascii("pvtcoms/v1/ratchet-header-key"));
        var nonce = HMACSHA256.HashData(headerKey, Concat(Ascii("pvtcoms/v1/ratchet-header-nonce"), header))[..24];
        var sealedHeader = new byte[header.Length + 16];
        ChaCha20Poly1305Aead.EncryptExtended(aeadKey, nonce, header, [0x01], sealedHeader);
        var encryptedHeader = Concat(nonce, sealedHeader);

        var keyAndNonce = HKDF.DeriveKey(HashAlgorithmName.SHA256, messageKey, 44, [], Ascii("pvtcoms/v1/message-seal"));
        var body = new byte[plaintext.Length + 16];
        ChaCha20Poly1305Aead.Encrypt(keyAndNonce[..32], keyAndNonce[32..], plaintext, Concat(Transcript, encryptedHeader), body);
        return Concat(Concat([0x01], encryptedHeader), body);
    }

    public static byte[] Dh(byte[] privateKey, byte[] publicKey)
    {
        var shared = new byte[32];
        Assert.True(X25519.TryAgree(privateKey, publicKey, shared));
        return shared;
    }

    public static byte[] PublicOf(byte[] privateKey)
    {
        var publicKey = new byte[32];
        X25519.DerivePublicKey(privateKey, publicKey);
        return publicKey;
    }

    public static byte[] Filled(byte value)
    {
        var bytes = new byte[32];
        Array.Fill(bytes, value);
        return bytes;
    }

    public static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    public static byte[] Concat(params byte[][] parts)
    {
        var result = new byte[parts.Sum(p => p.Length)];
        var offset = 0;
        foreach (var part in parts)
        {
            part.CopyTo(result, offset);
            offset += part.Length;
        }

        return result;
    }

    /// <summary>The key block (DHs priv, DHs pub, DHr, RK, CKs, CKr, HKs, HKr, NHKs, NHKr) of a serialized state.</summary>
    public static byte[] KeyBlockOf(byte[] state) => state.AsSpan(KeyBlockOffset, KeyBlockSize).ToArray();

    /// <summary>(HK, MK) of every skipped key and HK of every retired key in a serialized state.</summary>
    public static (List<(byte[] HeaderKey, byte[] MessageKey)> Skipped, List<byte[]> Retired) StoredKeysOf(byte[] state)
    {
        var skippedCount = BinaryPrimitives.ReadUInt16BigEndian(state.AsSpan(SkippedCountOffset));
        var skipped = new List<(byte[], byte[])>();
        var offset = SkippedCountOffset + 2;
        for (var i = 0; i < skippedCount; i++, offset += SkippedEntrySize)
        {
            skipped.Add((state.AsSpan(offset, 32).ToArray(), state.AsSpan(offset + 40, 32).ToArray()));
        }

        var retiredCount = state[offset++];
        var retired = new List<byte[]>();
        for (var i = 0; i < retiredCount; i++, offset += RetiredEntrySize)
        {
            retired.Add(state.AsSpan(offset, 32).ToArray());
        }

        return (skipped, retired);
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary>Hands out the given bytes (as a 32-byte private key), so the key pair is known to the test.</summary>
    public sealed class FixedEntropy(byte[] bytes) : IEntropy
    {
        public int Calls { get; private set; }

        public void Fill(Span<byte> destination)
        {
            Calls++;
            bytes.AsSpan(0, destination.Length).CopyTo(destination);
        }
    }
}
