using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// The transcript hash is SHA-256 over exactly the encoding of docs/CRYPTO_SPEC.md part 2 §5.1, with and
/// without a one-time prekey, recomputed here independently of <see cref="HybridSessionKey"/>.
/// </summary>
public sealed class TranscriptEncodingTests
{
    private static readonly byte[] s_ikA = Bytes(32, 1);
    private static readonly byte[] s_ikB = Bytes(32, 2);
    private static readonly byte[] s_ekA = Bytes(32, 3);
    private static readonly byte[] s_spk = Bytes(32, 4);
    private static readonly byte[] s_ekPq = Bytes(1184, 5);
    private static readonly byte[] s_ctPq = Bytes(1088, 6);
    private static readonly byte[] s_opkX = Bytes(32, 7);
    private static readonly byte[] s_opkEk = Bytes(1184, 8);
    private static readonly byte[] s_ctOpk = Bytes(1088, 9);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Transcript_hash_is_sha256_of_the_specified_encoding(bool hasOneTime)
    {
        var actual = new byte[32];
        HybridSessionKey.ComputeTranscriptHash(new HybridTranscript
        {
            Version = 1,
            InitiatorIdentityKey = s_ikA,
            ResponderIdentityKey = s_ikB,
            InitiatorEphemeralKey = s_ekA,
            SignedPrekeyId = 0x01020304,
            SignedPrekey = s_spk,
            MlKemPrekeyId = 0x0A0B0C0D,
            MlKemPrekey = s_ekPq,
            MlKemCiphertext = s_ctPq,
            HasOneTimePrekey = hasOneTime,
            OneTimePrekeyId = 0xF0E0D0C0,
            OneTimeX25519Prekey = s_opkX,
            OneTimeMlKemPrekey = s_opkEk,
            OneTimeMlKemCiphertext = s_ctOpk,
        }, actual);

        var encoding = new List<byte>();
        Field(encoding, Encoding.ASCII.GetBytes("pvtcoms/v1/handshake/transcript"));
        encoding.Add(1);
        Field(encoding, s_ikA);
        Field(encoding, s_ikB);
        Field(encoding, s_ekA);
        Id(encoding, 0x01020304);
        Field(encoding, s_spk);
        Id(encoding, 0x0A0B0C0D);
        Field(encoding, s_ekPq);
        Field(encoding, s_ctPq);
        if (hasOneTime)
        {
            encoding.Add(1);
            Id(encoding, 0xF0E0D0C0);
            Field(encoding, s_opkX);
            Field(encoding, s_opkEk);
            Field(encoding, s_ctOpk);
        }
        else
        {
            encoding.Add(0);
        }

        Assert.Equal(SHA256.HashData(encoding.ToArray()), actual);
    }

    private static void Field(List<byte> output, byte[] value)
    {
        var length = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)value.Length);
        output.AddRange(length);
        output.AddRange(value);
    }

    private static void Id(List<byte> output, uint id)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, id);
        output.AddRange(bytes);
    }

    private static byte[] Bytes(int length, byte seed) =>
        Enumerable.Range(0, length).Select(i => (byte)(seed * 31 + i)).ToArray();
}
