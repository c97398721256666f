using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>Output-size bounds of HKDF and the field-length checks of the hybrid handshake combiner.</summary>
public sealed class KdfAndCombinerCallerContractTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(Kdf.MaxOutputSize + 1)]
    public void Hkdf_outputs_of_zero_or_more_than_255_blocks_are_caller_bugs(int size)
    {
        Assert.Throws<ArgumentException>(() => Kdf.Hkdf("ikm"u8, "salt"u8, "info"u8, new byte[size]));
        Assert.Throws<ArgumentException>(() => Kdf.HkdfExpand(new byte[32], "info"u8, new byte[size]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(Kdf.MaxOutputSize)]
    public void Hkdf_outputs_of_one_byte_and_of_255_blocks_are_derived(int size)
    {
        var full = new byte[size];
        Kdf.Hkdf("ikm"u8, "salt"u8, "info"u8, full);
        var prk = new byte[32];
        Kdf.HkdfExtract("ikm"u8, "salt"u8, prk);
        var expanded = new byte[size];
        Kdf.HkdfExpand(prk, "info"u8, expanded);
        Assert.Equal(full, expanded);
        Assert.Contains(full, b => b != 0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    public void Transcript_field_of_the_wrong_length_is_a_caller_bug(int field)
    {
        Assert.Throws<ArgumentException>(() =>
        {
            var t = new TranscriptParts(field);
            HybridSessionKey.ComputeTranscriptHash(t.Build(hasOneTime: true), t.HashOutput);
        });
    }

    [Fact]
    public void Transcript_one_time_fields_are_not_checked_without_a_one_time_prekey()
    {
        var t = new TranscriptParts(brokenField: 7);
        var hash = new byte[32];
        HybridSessionKey.ComputeTranscriptHash(t.Build(hasOneTime: false), hash);
        var t2 = new TranscriptParts(brokenField: -1);
        var hash2 = new byte[32];
        HybridSessionKey.ComputeTranscriptHash(t2.Build(hasOneTime: false), hash2);
        Assert.Equal(hash2, hash);
    }

    [Theory]
    [InlineData(31, 32, 32, 32, 32, 160)]
    [InlineData(32, 31, 32, 32, 32, 160)]
    [InlineData(32, 32, 33, 32, 32, 160)]
    [InlineData(32, 32, 31, 32, 32, 160)]
    [InlineData(32, 32, 32, 32, 31, 160)]
    [InlineData(32, 32, 32, 31, 32, 160)]
    [InlineData(32, 32, 32, 32, 33, 160)]
    [InlineData(32, 32, 32, 32, 32, 159)]
    [InlineData(32, 0, 32, 32, 32, 160)]
    [InlineData(32, 32, 32, 0, 32, 160)]
    [InlineData(32, 32, 32, 32, 0, 159)]
    public void Session_secret_inputs_of_the_wrong_length_are_caller_bugs(int hash, int dh1, int dh2, int kem1, int kem2, int output)
    {
        Assert.Throws<ArgumentException>(() => HybridSessionKey.DeriveSessionSecret(new byte[hash], new byte[dh1],
            new byte[dh2], new byte[kem1], new byte[kem2], new byte[output]));
    }

    [Fact]
    public void Session_secret_without_one_time_secrets_differs_from_one_with_them()
    {
        var without = new byte[160];
        var with = new byte[160];
        HybridSessionKey.DeriveSessionSecret(new byte[32], new byte[32], [], new byte[32], [], without);
        HybridSessionKey.DeriveSessionSecret(new byte[32], new byte[32], new byte[32], new byte[32], new byte[32], with);
        Assert.NotEqual(without, with);
    }

    [Fact]
    public void Derive_refuses_one_time_secrets_that_do_not_match_the_transcript()
    {
        Assert.Throws<ArgumentException>(() =>
        {
            var t = new TranscriptParts(-1);
            HybridSessionKey.Derive(t.Build(hasOneTime: true), new byte[32], [], new byte[32], [], new byte[32], new byte[160]);
        });
        Assert.Throws<ArgumentException>(() =>
        {
            var t = new TranscriptParts(-1);
            HybridSessionKey.Derive(t.Build(hasOneTime: false), new byte[32], new byte[32], new byte[32], new byte[32],
                new byte[32], new byte[160]);
        });
    }

    [Fact]
    public void Derive_is_the_transcript_hash_then_the_session_secret_salted_with_it()
    {
        var t = new TranscriptParts(-1);
        var hash = new byte[32];
        var secret = new byte[160];
        HybridSessionKey.Derive(t.Build(hasOneTime: true), Ones(32, 1), Ones(32, 2), Ones(32, 3), Ones(32, 4), hash, secret);
        var expectedHash = new byte[32];
        HybridSessionKey.ComputeTranscriptHash(t.Build(hasOneTime: true), expectedHash);
        var expectedSecret = new byte[160];
        HybridSessionKey.DeriveSessionSecret(expectedHash, Ones(32, 1), Ones(32, 2), Ones(32, 3), Ones(32, 4), expectedSecret);
        Assert.Equal(expectedHash, hash);
        Assert.Equal(expectedSecret, secret);
    }

    private static byte[] Ones(int length, byte value) => Enumerable.Repeat(value, length).ToArray();

    /// <summary>Valid transcript fields, with the field numbered <c>brokenField</c> (0..9) one byte short.</summary>
    private sealed class TranscriptParts
    {
        private readonly byte[][] _fields;

        public TranscriptParts(int brokenField)
        {
            int[] sizes = [32, 32, 32, 32, 32, 1184, 1088, 32, 1184, 1088];
            _fields = new byte[sizes.Length][];
            for (var i = 0; i < sizes.Length; i++)
            {
                _fields[i] = Ones(sizes[i] - (i == brokenField ? 1 : 0), (byte)(i + 1));
            }

            HashOutput = new byte[brokenField == 0 ? 31 : 32];
            if (brokenField == 0)
            {
                _fields[0] = Ones(32, 1);
            }
        }

        public byte[] HashOutput { get; }

        public HybridTranscript Build(bool hasOneTime) => new()
        {
            Version = 1,
            InitiatorIdentityKey = _fields[1],
            ResponderIdentityKey = _fields[2],
            InitiatorEphemeralKey = _fields[3],
            SignedPrekeyId = 7,
            SignedPrekey = _fields[4],
            MlKemPrekeyId = 8,
            MlKemPrekey = _fields[5],
            MlKemCiphertext = _fields[6],
            HasOneTimePrekey = hasOneTime,
            OneTimePrekeyId = 9,
            OneTimeX25519Prekey = _fields[7],
            OneTimeMlKemPrekey = _fields[8],
            OneTimeMlKemCiphertext = _fields[9],
        };
    }
}
