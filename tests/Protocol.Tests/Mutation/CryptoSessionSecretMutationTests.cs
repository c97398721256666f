using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// The handshake session secret (docs/CRYPTO_SPEC.md part 2 §5.3) recomputed independently with .NET's own HKDF:
/// IKM = 0xFF × 32 ‖ DH1 ‖ [DH2] ‖ SS1 ‖ [SS2], salt = TH, info = "pvtcoms/v1/handshake/session-keys", L = 160.
/// A round trip of <see cref="HybridSessionKey"/> with itself could not see a dropped 0xFF prefix.
/// </summary>
public sealed class CryptoSessionSecretMutationTests
{
    private static readonly byte[] s_info = "pvtcoms/v1/handshake/session-keys"u8.ToArray();

    [Fact]
    public void Session_secret_with_one_time_secrets_is_the_spec_s_hkdf_over_the_0xFF_prefix_and_all_four_secrets()
    {
        var th = Pattern(32, 0x10);
        var dh1 = Pattern(32, 0x20);
        var dh2 = Pattern(32, 0x40);
        var ss1 = Pattern(32, 0x60);
        var ss2 = Pattern(32, 0x80);

        var actual = new byte[HybridSessionKey.SessionSecretSize];
        HybridSessionKey.DeriveSessionSecret(th, dh1, dh2, ss1, ss2, actual);

        byte[] ikm = [.. Enumerable.Repeat((byte)0xFF, 32), .. dh1, .. dh2, .. ss1, .. ss2];
        Assert.Equal(HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 160, th, s_info), actual);
    }

    [Fact]
    public void Session_secret_without_one_time_secrets_is_the_spec_s_hkdf_over_the_0xFF_prefix_dh1_and_ss1()
    {
        var th = Pattern(32, 0xA0);
        var dh1 = Pattern(32, 0x01);
        var ss1 = Pattern(32, 0x33);

        var actual = new byte[HybridSessionKey.SessionSecretSize];
        HybridSessionKey.DeriveSessionSecret(th, dh1, [], ss1, [], actual);

        byte[] ikm = [.. Enumerable.Repeat((byte)0xFF, 32), .. dh1, .. ss1];
        Assert.Equal(HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 160, th, s_info), actual);
    }

    [Fact]
    public void Session_secret_is_not_the_hkdf_of_the_secrets_without_the_prefix()
    {
        // The prefix is 32 bytes of 0xFF, not 32 zero bytes or nothing: both alternatives give other keys.
        var th = Pattern(32, 0x05);
        var dh1 = Pattern(32, 0x06);
        var ss1 = Pattern(32, 0x07);
        var actual = new byte[HybridSessionKey.SessionSecretSize];
        HybridSessionKey.DeriveSessionSecret(th, dh1, [], ss1, [], actual);

        byte[] zeroPrefix = [.. new byte[32], .. dh1, .. ss1];
        byte[] noPrefix = [.. dh1, .. ss1];
        Assert.NotEqual(HKDF.DeriveKey(HashAlgorithmName.SHA256, zeroPrefix, 160, th, s_info), actual);
        Assert.NotEqual(HKDF.DeriveKey(HashAlgorithmName.SHA256, noPrefix, 160, th, s_info), actual);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(0)]
    public void Transcript_hash_destination_of_the_wrong_size_is_our_caller_bug_not_sha256_s(int size)
    {
        // SHA256.HashData would itself throw for a short destination (parameter "destination") and silently
        // write 32 bytes into a longer one; the combiner's own guard names the parameter and the size.
        var e = Assert.Throws<ArgumentException>(() =>
            HybridSessionKey.ComputeTranscriptHash(ValidTranscript(), new byte[size]));
        Assert.Equal("transcriptHash", e.ParamName);
        Assert.StartsWith("Expected 32 bytes.", e.Message);
    }

    [Fact]
    public void Transcript_hash_of_a_valid_transcript_fills_exactly_32_bytes()
    {
        var hash = new byte[32];
        HybridSessionKey.ComputeTranscriptHash(ValidTranscript(), hash);
        Assert.Contains(hash, b => b != 0);
    }

    private static HybridTranscript ValidTranscript() => new()
    {
        Version = 1,
        InitiatorIdentityKey = Pattern(32, 1),
        ResponderIdentityKey = Pattern(32, 2),
        InitiatorEphemeralKey = Pattern(32, 3),
        SignedPrekeyId = 7,
        SignedPrekey = Pattern(32, 4),
        MlKemPrekeyId = 8,
        MlKemPrekey = Pattern(MlKem768.EncapsulationKeySize, 5),
        MlKemCiphertext = Pattern(MlKem768.CiphertextSize, 6),
        HasOneTimePrekey = false,
    };

    private static byte[] Pattern(int length, byte start)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = unchecked((byte)(start + i));
        }

        return bytes;
    }
}
