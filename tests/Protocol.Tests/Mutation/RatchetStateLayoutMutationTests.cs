using System.Buffers.Binary;
using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Ratchet;
using Pvtcoms.Protocol.Tests.Ratchet;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// The stored ratchet state (docs/CRYPTO_SPEC.md part 3 §7) pinned byte for byte: a real session's state against
/// bytes written independently from the spec's offset table and KDF definitions, hand-written states parsed into
/// the fields the table names, and the largest state the spec allows accepted at exactly its size.
/// </summary>
public sealed class RatchetStateLayoutMutationTests
{
    [Fact]
    public void A_responders_state_after_one_skipped_message_is_the_spec_layout_byte_for_byte()
    {
        using var c = new RatchetConversation(7101);
        c.Send(c.Alice, "skipped");
        var alicePublicKey = c.Alice.CurrentRatchetPublicKey.ToArray();
        c.Receive(c.Bob, c.Send(c.Alice, "second"), "second");

        // Part 3 §1/§5, computed here without the ratchet code: KDF_RK_HE and KDF_CK by hand.
        var dh = new byte[X25519.SharedSecretSize];
        Assert.True(X25519.TryAgree(c.BobPrivateKey, alicePublicKey, dh));
        var okm = HKDF.DeriveKey(HashAlgorithmName.SHA256, dh, 96, c.RootKey, "pvtcoms/v1/ratchet-root"u8.ToArray());
        var chainKey0 = okm[32..64];
        var messageKey0 = HMACSHA256.HashData(chainKey0, new byte[] { 0x01 });
        var chainKey1 = HMACSHA256.HashData(chainKey0, new byte[] { 0x02 });
        var chainKey2 = HMACSHA256.HashData(chainKey1, new byte[] { 0x02 });

        var expected = new RatchetStateImage
        {
            Flags = 0x3D, // DHr, CKr, HKs, HKr, SendRatchetPending
            PrivateKey = c.BobPrivateKey,
            PublicKey = c.BobPublicKey,
            RemoteRatchetKey = alicePublicKey,
            RootKey = okm[..32],
            ReceiveChainKey = chainKey2,
            SendHeaderKey = c.NextHeaderKeyB,
            ReceiveHeaderKey = c.HeaderKeyA,
            NextSendHeaderKey = c.NextHeaderKeyB,
            NextReceiveHeaderKey = okm[64..96],
            ReceiveCount = 2,
            ReceiveSteps = 1,
        };
        expected.Skipped.Add(new(c.HeaderKeyA, 0, 1, messageKey0));

        var state = c.Bob.Serialize();

        Assert.Equal(341 + 72, state.Length);
        Assert.Equal(Hex.Encode(expected.ToBytes()), Hex.Encode(state));
    }

    [Fact]
    public void A_fresh_responders_state_is_the_spec_layout_with_every_absent_key_zero()
    {
        using var c = new RatchetConversation(7102);

        var expected = new RatchetStateImage
        {
            Flags = 0,
            PrivateKey = c.BobPrivateKey,
            PublicKey = c.BobPublicKey,
            RootKey = c.RootKey,
            NextSendHeaderKey = c.NextHeaderKeyB,
            NextReceiveHeaderKey = c.HeaderKeyA,
        };

        Assert.Equal(Hex.Encode(expected.ToBytes()), Hex.Encode(c.Bob.Serialize()));
    }

    [Fact]
    public void Hand_written_state_bytes_are_read_into_the_fields_the_spec_names()
    {
        var image = RatchetStateImage.Receiving(7103);
        image.SendCount = 0x01020304;
        image.ReceiveCount = 0x05060708;
        image.PreviousSendCount = 0x090A0B0C;
        image.ReceiveSteps = 7;
        var retiredKey = RatchetStateImage.Key(7103, 50);
        image.Skipped.Add(new(image.ReceiveHeaderKey!, 0x11223344, 7, RatchetStateImage.Key(7103, 40)));
        image.Skipped.Add(new(retiredKey, 9, 6, RatchetStateImage.Key(7103, 41)));
        image.Retired.Add(new(RatchetStateImage.Key(7103, 51), 1));
        image.Retired.Add(new(retiredKey, 6));
        var bytes = image.ToBytes();

        var state = new RatchetState();
        var skipped = new SkippedMessageKeys();
        var retired = new RetiredHeaderKeys();
        Assert.Equal(ProtocolError.None, RatchetStateCodec.TryDeserialize(bytes, state, skipped, retired));

        Assert.Equal((RatchetStateFlags)0x3D, state.Flags);
        Assert.Equal(image.PrivateKey, state.RatchetPrivateKey.ToArray());
        Assert.Equal(image.PublicKey, state.RatchetPublicKey.ToArray());
        Assert.Equal(image.RemoteRatchetKey, state.RemoteRatchetKey.ToArray());
        Assert.Equal(image.RootKey, state.RootKey.ToArray());
        Assert.Equal(new byte[32], state.SendChainKey.ToArray());
        Assert.Equal(image.ReceiveChainKey, state.ReceiveChainKey.ToArray());
        Assert.Equal(image.SendHeaderKey, state.SendHeaderKey.ToArray());
        Assert.Equal(image.ReceiveHeaderKey, state.ReceiveHeaderKey.ToArray());
        Assert.Equal(image.NextSendHeaderKey, state.NextSendHeaderKey.ToArray());
        Assert.Equal(image.NextReceiveHeaderKey, state.NextReceiveHeaderKey.ToArray());
        Assert.Equal(0x01020304u, state.SendCount);
        Assert.Equal(0x05060708u, state.ReceiveCount);
        Assert.Equal(0x090A0B0Cu, state.PreviousSendCount);
        Assert.Equal(7u, state.ReceiveSteps);

        Assert.Equal(2, skipped.Count);
        Assert.Equal(image.ReceiveHeaderKey, skipped[0].HeaderKey);
        Assert.Equal(0x11223344u, skipped[0].Number);
        Assert.Equal(7u, skipped[0].Step);
        Assert.Equal(image.Skipped[0].MessageKey, skipped[0].MessageKey);
        Assert.Equal(retiredKey, skipped[1].HeaderKey);
        Assert.Equal(9u, skipped[1].Number);
        Assert.Equal(6u, skipped[1].Step);
        Assert.Equal(image.Skipped[1].MessageKey, skipped[1].MessageKey);

        Assert.Equal(2, retired.Count);
        Assert.Equal(image.Retired[0].Key, retired[0].Key);
        Assert.Equal(1u, retired[0].Step);
        Assert.Equal(retiredKey, retired[1].Key);
        Assert.Equal(6u, retired[1].Step);

        Assert.Equal(bytes, RatchetStateCodec.Serialize(state, skipped, retired));
    }

    [Fact]
    public void The_largest_state_the_spec_allows_is_accepted_at_exactly_its_size()
    {
        var image = RatchetStateImage.Receiving(7104);
        image.ReceiveSteps = RetiredHeaderKeys.MaxCount + 1;
        for (var i = 0; i < RatchetLimits.MaxSkippedTotal; i++)
        {
            image.Skipped.Add(new(image.ReceiveHeaderKey!, (uint)i, image.ReceiveSteps, RatchetStateImage.Key(7104, 1000 + i)));
        }

        for (var step = 1u; step <= RetiredHeaderKeys.MaxCount; step++)
        {
            image.Retired.Add(new(RatchetStateImage.Key(7104, (int)step), step));
        }

        var bytes = image.ToBytes();
        Assert.Equal(145_061, bytes.Length);
        Assert.Equal(145_061, RatchetStateCodec.MaxStateSize);

        var result = RatchetSession.Deserialize(bytes);

        Assert.True(result.IsOk, $"refused: {(result.IsOk ? ProtocolError.None : result.Error)}");
        using var session = result.Value;
        Assert.Equal(RatchetLimits.MaxSkippedTotal, session.SkippedKeyCount);
        Assert.Equal(bytes, session.Serialize());
    }
}

/// <summary>
/// Ratchet state bytes written field by field at the offsets of docs/CRYPTO_SPEC.md part 3 §7, without the codec.
/// Absent keys stay null and are written as zeros.
/// </summary>
internal sealed class RatchetStateImage
{
    /// <summary>RFC 7748 §6.1, Alice's X25519 private key.</summary>
    public static readonly byte[] Rfc7748PrivateKey =
        Convert.FromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");

    /// <summary>RFC 7748 §6.1, Alice's X25519 public key.</summary>
    public static readonly byte[] Rfc7748PublicKey =
        Convert.FromHexString("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");

    public byte Version { get; set; } = 1;

    public byte Flags { get; set; }

    public byte[]? PrivateKey { get; set; }

    public byte[]? PublicKey { get; set; }

    public byte[]? RemoteRatchetKey { get; set; }

    public byte[]? RootKey { get; set; }

    public byte[]? SendChainKey { get; set; }

    public byte[]? ReceiveChainKey { get; set; }

    public byte[]? SendHeaderKey { get; set; }

    public byte[]? ReceiveHeaderKey { get; set; }

    public byte[]? NextSendHeaderKey { get; set; }

    public byte[]? NextReceiveHeaderKey { get; set; }

    public uint SendCount { get; set; }

    public uint ReceiveCount { get; set; }

    public uint PreviousSendCount { get; set; }

    public uint ReceiveSteps { get; set; }

    /// <summary>Written as S; set <see cref="SkippedCountOverride"/> to write another count.</summary>
    public List<SkippedImage> Skipped { get; } = [];

    public List<RetiredImage> Retired { get; } = [];

    public int? SkippedCountOverride { get; set; }

    public int? RetiredCountOverride { get; set; }

    /// <summary>A 32-byte key, distinct per (seed, index), never all zero.</summary>
    public static byte[] Key(int seed, int index)
    {
        var key = SHA256.HashData(BitConverter.GetBytes(((long)seed << 32) | (uint)index));
        key[0] |= 1;
        return key;
    }

    /// <summary>A fresh responder: only DHs, RK, NHKs, NHKr (flags 0).</summary>
    public static RatchetStateImage FreshResponder(int seed) => new()
    {
        Flags = 0,
        PrivateKey = Rfc7748PrivateKey,
        PublicKey = Rfc7748PublicKey,
        RootKey = Key(seed, 3),
        NextSendHeaderKey = Key(seed, 8),
        NextReceiveHeaderKey = Key(seed, 9),
    };

    /// <summary>Just after a receiving DH step: DHr, CKr, HKs, HKr, SendRatchetPending (flags 0x3D); CKs absent.</summary>
    public static RatchetStateImage Receiving(int seed) => new()
    {
        Flags = 0x3D,
        PrivateKey = Rfc7748PrivateKey,
        PublicKey = Rfc7748PublicKey,
        RemoteRatchetKey = Key(seed, 2),
        RootKey = Key(seed, 3),
        ReceiveChainKey = Key(seed, 5),
        SendHeaderKey = Key(seed, 6),
        ReceiveHeaderKey = Key(seed, 7),
        NextSendHeaderKey = Key(seed, 8),
        NextReceiveHeaderKey = Key(seed, 9),
        ReceiveSteps = 1,
    };

    public byte[] ToBytes()
    {
        var bytes = new byte[341 + (72 * Skipped.Count) + (36 * Retired.Count)];
        bytes[0] = Version;
        bytes[1] = Flags;
        Put(bytes, 2, PrivateKey);
        Put(bytes, 34, PublicKey);
        Put(bytes, 66, RemoteRatchetKey);
        Put(bytes, 98, RootKey);
        Put(bytes, 130, SendChainKey);
        Put(bytes, 162, ReceiveChainKey);
        Put(bytes, 194, SendHeaderKey);
        Put(bytes, 226, ReceiveHeaderKey);
        Put(bytes, 258, NextSendHeaderKey);
        Put(bytes, 290, NextReceiveHeaderKey);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(322), SendCount);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(326), ReceiveCount);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(330), PreviousSendCount);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(334), ReceiveSteps);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(338), (ushort)(SkippedCountOverride ?? Skipped.Count));
        var offset = 340;
        foreach (var entry in Skipped)
        {
            Put(bytes, offset, entry.HeaderKey);
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(offset + 32), entry.Number);
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(offset + 36), entry.Step);
            Put(bytes, offset + 40, entry.MessageKey);
            offset += 72;
        }

        bytes[offset++] = (byte)(RetiredCountOverride ?? Retired.Count);
        foreach (var entry in Retired)
        {
            Put(bytes, offset, entry.Key);
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(offset + 32), entry.Step);
            offset += 36;
        }

        Assert.Equal(bytes.Length, offset);
        return bytes;
    }

    private static void Put(byte[] bytes, int offset, byte[]? key)
    {
        if (key is not null)
        {
            Assert.Equal(32, key.Length);
            key.CopyTo(bytes, offset);
        }
    }
}

internal sealed record SkippedImage(byte[] HeaderKey, uint Number, uint Step, byte[] MessageKey);

internal sealed record RetiredImage(byte[] Key, uint Step);
