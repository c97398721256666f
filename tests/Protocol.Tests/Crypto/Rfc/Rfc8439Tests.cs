using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Crypto.Rfc;

/// <summary>
/// All 30 vectors of RFC 8439. The AEAD ones go through our <see cref="ChaCha20Poly1305Aead"/>; the block,
/// keystream, Poly1305 and key-generation ones through libsodium's raw ChaCha20 and Poly1305
/// (<see cref="LibsodiumReference"/>); the quarter-round and state-matrix ones through the RFC §2.1–2.3
/// algorithm written out below, whose output is itself checked against libsodium's block.
/// </summary>
public sealed class Rfc8439Tests
{
    private static readonly Lazy<JsonElement> s_root = new(() =>
    {
        using var document = TestVectors.Load("rfc/rfc8439.json");
        return document.RootElement.Clone();
    });

    private static List<JsonElement> Section(string name) => s_root.Value.GetProperty(name).EnumerateArray().ToList();

    private static byte[] Bytes(JsonElement e, string name) => Hex.Decode(e.GetProperty(name).GetString());

    private static uint[] Words(JsonElement e, string name) =>
        e.GetProperty(name).EnumerateArray().Select(w => uint.Parse(w.GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void The_file_holds_all_30_vectors()
    {
        string[] sections = ["chacha20QuarterRound", "chacha20QuarterRoundOnState", "chacha20Block", "chacha20Encrypt",
            "poly1305", "poly1305KeyGen", "aeadChacha20Poly1305"];
        Assert.Equal(30, sections.Sum(s => Section(s).Count));
    }

    [Fact]
    public void Quarter_round_vectors_2_1_1_and_2_2_1_hold()
    {
        var single = Assert.Single(Section("chacha20QuarterRound"));
        uint[] abcd = [.. new[] { "a", "b", "c", "d" }.Select(k => Word(single.GetProperty("input"), k))];
        ReferenceChaCha20.QuarterRound(abcd, 0, 1, 2, 3);
        Assert.Equal(new[] { "a", "b", "c", "d" }.Select(k => Word(single.GetProperty("output"), k)), abcd);

        var onState = Assert.Single(Section("chacha20QuarterRoundOnState"));
        var state = Words(onState, "inputState");
        var i = onState.GetProperty("indices").EnumerateArray().Select(x => x.GetInt32()).ToArray();
        ReferenceChaCha20.QuarterRound(state, i[0], i[1], i[2], i[3]);
        Assert.Equal(Words(onState, "outputState"), state);
    }

    private static uint Word(JsonElement e, string name) =>
        uint.Parse(e.GetProperty(name).GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [Fact]
    public void Block_function_vectors_2_3_2_and_A1_hold_in_libsodium_and_the_reference()
    {
        var cases = Section("chacha20Block");
        Assert.Equal(6, cases.Count);
        foreach (var c in cases)
        {
            var key = Bytes(c, "key");
            var nonce = Bytes(c, "nonce");
            var counter = c.GetProperty("blockCounter").GetUInt32();
            var expectedBlock = Hex.Encode(Bytes(c, "serializedBlock"));

            var keystream = new byte[64];
            LibsodiumReference.ChaCha20Xor(key, nonce, counter, new byte[64], keystream);
            Assert.Equal(expectedBlock, Hex.Encode(keystream));

            var setup = ReferenceChaCha20.Setup(key, nonce, counter);
            if (c.TryGetProperty("stateAfterSetup", out _))
            {
                Assert.Equal(Words(c, "stateAfterSetup"), setup);
            }

            var rounds = (uint[])setup.Clone();
            ReferenceChaCha20.TwentyRounds(rounds);
            if (c.TryGetProperty("stateAfter20Rounds", out _))
            {
                Assert.Equal(Words(c, "stateAfter20Rounds"), rounds);
            }

            var end = rounds.Zip(setup, (x, y) => x + y).ToArray();
            Assert.Equal(Words(c, "stateAtEnd"), end);
            var serialized = new byte[64];
            for (var w = 0; w < 16; w++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(serialized.AsSpan(w * 4), end[w]);
            }

            Assert.Equal(expectedBlock, Hex.Encode(serialized));
        }
    }

    [Fact]
    public void Encryption_vectors_2_4_2_and_A2_hold()
    {
        var cases = Section("chacha20Encrypt");
        Assert.Equal(4, cases.Count);
        foreach (var c in cases)
        {
            var key = Bytes(c, "key");
            var nonce = Bytes(c, "nonce");
            var counter = c.GetProperty("initialCounter").GetUInt32();
            var plaintext = Bytes(c, "plaintext");
            var ciphertext = new byte[plaintext.Length];
            LibsodiumReference.ChaCha20Xor(key, nonce, counter, plaintext, ciphertext);
            Assert.Equal(Hex.Encode(Bytes(c, "ciphertext")), Hex.Encode(ciphertext));
            if (c.TryGetProperty("keystream", out _))
            {
                var keystream = new byte[plaintext.Length];
                LibsodiumReference.ChaCha20Xor(key, nonce, counter, new byte[plaintext.Length], keystream);
                Assert.Equal(Hex.Encode(Bytes(c, "keystream")), Hex.Encode(keystream));
            }
        }
    }

    [Fact]
    public void Poly1305_vectors_2_5_2_and_A3_hold_including_the_carry_edge_cases()
    {
        var cases = Section("poly1305");
        Assert.Equal(12, cases.Count);
        foreach (var c in cases)
        {
            var key = Bytes(c, "key");
            if (c.TryGetProperty("r", out _))
            {
                Assert.Equal(Hex.Encode(Bytes(c, "r").Concat(Bytes(c, "s")).ToArray()), Hex.Encode(key));
            }

            Assert.Equal(Hex.Encode(Bytes(c, "tag")), Hex.Encode(LibsodiumReference.Poly1305(key, Bytes(c, "message"))));
        }
    }

    [Fact]
    public void Poly1305_key_generation_vectors_2_6_2_and_A4_hold()
    {
        var cases = Section("poly1305KeyGen");
        Assert.Equal(4, cases.Count);
        foreach (var c in cases)
        {
            var oneTimeKey = new byte[32];
            LibsodiumReference.ChaCha20Xor(Bytes(c, "key"), Bytes(c, "nonce"), c.GetProperty("blockCounter").GetUInt32(), new byte[32], oneTimeKey);
            Assert.Equal(Hex.Encode(Bytes(c, "oneTimeKey")), Hex.Encode(oneTimeKey));
        }
    }

    [Fact]
    public void Aead_vectors_2_8_2_and_A5_hold_through_our_aead()
    {
        var cases = Section("aeadChacha20Poly1305");
        Assert.Equal(["2.8.2", "A.5"], cases.Select(c => c.GetProperty("section").GetString()));
        foreach (var c in cases)
        {
            var key = Bytes(c, "key");
            var nonce = Bytes(c, "nonce");
            var aad = Bytes(c, "aad");
            var plaintext = Bytes(c, "plaintext");
            var ciphertext = Bytes(c, "ciphertext");
            var tag = Bytes(c, "tag");
            var sealedBytes = ciphertext.Concat(tag).ToArray();

            // Our AEAD: encrypt gives ct‖tag; decrypt gives the plaintext; a flipped tag bit is refused.
            var output = new byte[plaintext.Length + ChaCha20Poly1305Aead.TagSize];
            ChaCha20Poly1305Aead.Encrypt(key, nonce, plaintext, aad, output);
            Assert.Equal(Hex.Encode(sealedBytes), Hex.Encode(output));
            var opened = new byte[plaintext.Length];
            Assert.True(ChaCha20Poly1305Aead.TryDecrypt(key, nonce, sealedBytes, aad, opened));
            Assert.Equal(plaintext, opened);
            sealedBytes[^1] ^= 0x80;
            Assert.False(ChaCha20Poly1305Aead.TryDecrypt(key, nonce, sealedBytes, aad, opened));

            // The construction's intermediate values: one-time key from block 0, Poly1305 over the padded buffer.
            var poly1305Key = new byte[32];
            LibsodiumReference.ChaCha20Xor(key, nonce, 0, new byte[32], poly1305Key);
            Assert.Equal(Hex.Encode(Bytes(c, "poly1305Key")), Hex.Encode(poly1305Key));
            var macData = Bytes(c, "poly1305Input");
            Assert.Equal(Hex.Encode(macData), Hex.Encode(PaddedMacData(aad, ciphertext)));
            Assert.Equal(Hex.Encode(tag), Hex.Encode(LibsodiumReference.Poly1305(poly1305Key, macData)));
        }
    }

    /// <summary>RFC 8439 §2.8: aad ‖ pad16 ‖ ciphertext ‖ pad16 ‖ le64(|aad|) ‖ le64(|ciphertext|).</summary>
    private static byte[] PaddedMacData(byte[] aad, byte[] ciphertext)
    {
        static int Padded(int n) => (n + 15) / 16 * 16;
        var data = new byte[Padded(aad.Length) + Padded(ciphertext.Length) + 16];
        aad.CopyTo(data, 0);
        ciphertext.CopyTo(data, Padded(aad.Length));
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(data.Length - 16), (ulong)aad.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(data.Length - 8), (ulong)ciphertext.Length);
        return data;
    }

    /// <summary>The ChaCha20 state operations of RFC 8439 §2.1–2.3, written out to check the state-word vectors.</summary>
    private static class ReferenceChaCha20
    {
        public static void QuarterRound(uint[] s, int a, int b, int c, int d)
        {
            s[a] += s[b]; s[d] ^= s[a]; s[d] = uint.RotateLeft(s[d], 16);
            s[c] += s[d]; s[b] ^= s[c]; s[b] = uint.RotateLeft(s[b], 12);
            s[a] += s[b]; s[d] ^= s[a]; s[d] = uint.RotateLeft(s[d], 8);
            s[c] += s[d]; s[b] ^= s[c]; s[b] = uint.RotateLeft(s[b], 7);
        }

        public static uint[] Setup(byte[] key, byte[] nonce, uint counter)
        {
            var s = new uint[16];
            s[0] = 0x61707865;
            s[1] = 0x3320646e;
            s[2] = 0x79622d32;
            s[3] = 0x6b206574;
            for (var i = 0; i < 8; i++)
            {
                s[4 + i] = BinaryPrimitives.ReadUInt32LittleEndian(key.AsSpan(i * 4));
            }

            s[12] = counter;
            for (var i = 0; i < 3; i++)
            {
                s[13 + i] = BinaryPrimitives.ReadUInt32LittleEndian(nonce.AsSpan(i * 4));
            }

            return s;
        }

        public static void TwentyRounds(uint[] s)
        {
            for (var i = 0; i < 10; i++)
            {
                QuarterRound(s, 0, 4, 8, 12);
                QuarterRound(s, 1, 5, 9, 13);
                QuarterRound(s, 2, 6, 10, 14);
                QuarterRound(s, 3, 7, 11, 15);
                QuarterRound(s, 0, 5, 10, 15);
                QuarterRound(s, 1, 6, 11, 12);
                QuarterRound(s, 2, 7, 8, 13);
                QuarterRound(s, 3, 4, 9, 14);
            }
        }
    }
}
