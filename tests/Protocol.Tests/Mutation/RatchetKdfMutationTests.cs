using System.Security.Cryptography;
using System.Text;
using Pvtcoms.Protocol.Ratchet;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// The ratchet's KDFs (docs/CRYPTO_SPEC.md part 3 §1) against .NET's own HKDF and HMAC, and the size guard of
/// the libsodium HMAC they run on. Wrong-size buffers are slices of larger arrays, so that even without the
/// guard libsodium (which takes pointers and always reads a 32-byte key and writes a 32-byte MAC) would stay
/// inside memory the test owns.
/// </summary>
public sealed class RatchetKdfMutationTests
{
    private const string GuardMessage = "HMAC-SHA-256 here takes a 32-byte key and a 32-byte output.";

    [Theory]
    [InlineData(0, 32)]
    [InlineData(31, 32)]
    [InlineData(33, 32)]
    [InlineData(32, 31)]
    [InlineData(32, 33)]
    [InlineData(31, 31)]
    public void Hmac_refuses_a_key_or_output_of_the_wrong_size_and_writes_nothing(int keyLength, int macLength)
    {
        var keyStorage = new byte[64];
        Array.Fill(keyStorage, (byte)0x11);
        var macStorage = new byte[64];
        Array.Fill(macStorage, (byte)0xAA);

        var thrown = Assert.Throws<ArgumentException>(() =>
            RatchetHmac.Compute(keyStorage.AsSpan(0, keyLength), "data"u8, macStorage.AsSpan(0, macLength)));

        Assert.Equal(GuardMessage, thrown.Message);
        Assert.Null(thrown.ParamName);
        Assert.All(macStorage, b => Assert.Equal(0xAA, b));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(1000)]
    public void Hmac_equals_the_framework_hmac_sha256(int dataLength)
    {
        var key = new byte[32];
        new DeterministicEntropy(dataLength).Fill(key);
        var data = new byte[dataLength];
        new DeterministicEntropy(dataLength + 1).Fill(data);
        var mac = new byte[32];

        RatchetHmac.Compute(key, data, mac);

        Assert.Equal(HMACSHA256.HashData(key, data), mac);
    }

    [Fact]
    public void Root_step_is_hkdf_of_the_dh_output_salted_with_the_root_key_split_in_three()
    {
        var rootKey = Bytes(32, 1);
        var dh = Bytes(32, 2);
        var okm = HKDF.DeriveKey(HashAlgorithmName.SHA256, dh, 96, rootKey, Encoding.ASCII.GetBytes("pvtcoms/v1/ratchet-root"));
        var newRootKey = new byte[32];
        var chainKey = new byte[32];
        var nextHeaderKey = new byte[32];

        RatchetKdf.RootStep(rootKey, dh, newRootKey, chainKey, nextHeaderKey);

        Assert.Equal(okm[..32], newRootKey);
        Assert.Equal(okm[32..64], chainKey);
        Assert.Equal(okm[64..], nextHeaderKey);

        // The root key may be replaced in place (the session passes the same buffer twice).
        var inPlace = (byte[])rootKey.Clone();
        RatchetKdf.RootStep(inPlace, dh, inPlace, chainKey, nextHeaderKey);
        Assert.Equal(okm[..32], inPlace);
    }

    [Fact]
    public void Chain_step_gives_hmac_0x01_as_message_key_and_replaces_the_chain_key_by_hmac_0x02()
    {
        var chainKey = Bytes(32, 3);
        var expectedChain = (byte[])chainKey.Clone();
        var messageKey = new byte[32];

        for (var i = 0; i < 3; i++)
        {
            var expectedMessageKey = HMACSHA256.HashData(expectedChain, new byte[] { 0x01 });
            expectedChain = HMACSHA256.HashData(expectedChain, new byte[] { 0x02 });

            RatchetKdf.ChainStep(chainKey, messageKey);

            Assert.Equal(expectedMessageKey, messageKey);
            Assert.Equal(expectedChain, chainKey);
        }
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new DeterministicEntropy(seed).Fill(bytes);
        return bytes;
    }
}
