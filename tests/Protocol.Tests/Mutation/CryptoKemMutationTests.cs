using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// ML-KEM-768's caller checks are ours, not BouncyCastle's: for the same wrong-size buffer BouncyCastle throws
/// an <see cref="ArgumentException"/> too ("Invalid length" for a seed, a bare "encapsulation" for a ciphertext
/// buffer), so only the parameter name and our message show that our guard ran first.
/// </summary>
public sealed class CryptoKemMutationTests
{
    [Theory]
    [InlineData(63)]
    [InlineData(65)]
    [InlineData(0)]
    public void Key_generation_seed_of_the_wrong_size_is_refused_by_our_guard(int size)
    {
        var e = Assert.Throws<ArgumentException>(() =>
            MlKem768.GenerateKeyPair(new byte[size], new byte[MlKem768.EncapsulationKeySize], new byte[MlKem768.DecapsulationKeySize]));
        Assert.Equal("seed", e.ParamName);
        Assert.StartsWith("Expected 64 bytes.", e.Message);
    }

    [Theory]
    [InlineData(1087)]
    [InlineData(1089)]
    [InlineData(0)]
    public void Encapsulation_into_a_ciphertext_buffer_of_the_wrong_size_is_refused_by_our_guard(int size)
    {
        var (ek, _) = KeyPair(11);
        var secret = new byte[MlKem768.SharedSecretSize];
        var e = Assert.Throws<ArgumentException>(() => MlKem768.TryEncapsulate(ek, new byte[32], new byte[size], secret));
        Assert.Equal("ciphertext", e.ParamName);
        Assert.StartsWith("Expected 1088 bytes.", e.Message);
        Assert.All(secret, b => Assert.Equal(0, b));
    }

    [Fact]
    public void The_other_ml_kem_caller_checks_name_their_parameter_and_size()
    {
        var (ek, dk) = KeyPair(12);
        AssertGuard("encapsulationKey", 1184, () => MlKem768.GenerateKeyPair(new byte[64], new byte[1183], new byte[2400]));
        AssertGuard("decapsulationKey", 2400, () => MlKem768.GenerateKeyPair(new byte[64], new byte[1184], new byte[2401]));
        AssertGuard("randomness", 32, () => MlKem768.TryEncapsulate(ek, new byte[33], new byte[1088], new byte[32]));
        AssertGuard("sharedSecret", 32, () => MlKem768.TryEncapsulate(ek, new byte[32], new byte[1088], new byte[31]));
        AssertGuard("sharedSecret", 32, () => MlKem768.TryDecapsulate(dk, new byte[1088], new byte[33]));
    }

    [Theory]
    [InlineData(1087)]
    [InlineData(1089)]
    public void A_valid_decapsulation_key_with_a_ciphertext_of_the_wrong_size_is_refused_and_clears_the_secret(int size)
    {
        var (ek, dk) = KeyPair(15);
        var ct = new byte[MlKem768.CiphertextSize];
        var ss = new byte[32];
        Assert.True(MlKem768.TryEncapsulate(new DeterministicEntropy(16), ek, ct, ss));
        var wrongSize = new byte[size];
        ct.AsSpan(0, Math.Min(size, ct.Length)).CopyTo(wrongSize);
        var secret = Enumerable.Repeat((byte)0xEE, 32).ToArray();
        Assert.False(MlKem768.TryDecapsulate(dk, wrongSize, secret));
        Assert.All(secret, b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(2399)]
    [InlineData(2401)]
    public void A_decapsulation_key_one_byte_short_or_long_is_refused_with_a_valid_ciphertext(int size)
    {
        var (ek, dk) = KeyPair(17);
        var ct = new byte[MlKem768.CiphertextSize];
        var ss = new byte[32];
        Assert.True(MlKem768.TryEncapsulate(new DeterministicEntropy(18), ek, ct, ss));
        var wrongSize = new byte[size];
        dk.AsSpan(0, Math.Min(size, dk.Length)).CopyTo(wrongSize);
        var secret = Enumerable.Repeat((byte)0xEE, 32).ToArray();
        Assert.False(MlKem768.TryDecapsulate(wrongSize, ct, secret));
        Assert.All(secret, b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_valid_key_pair_decapsulates_what_was_encapsulated_to_it()
    {
        var (ek, dk) = KeyPair(13);
        var ct = new byte[MlKem768.CiphertextSize];
        var ss = new byte[32];
        Assert.True(MlKem768.TryEncapsulate(new DeterministicEntropy(14), ek, ct, ss));
        var decapsulated = new byte[32];
        Assert.True(MlKem768.TryDecapsulate(dk, ct, decapsulated));
        Assert.Equal(ss, decapsulated);
    }

    private static void AssertGuard(string parameter, int size, Action call)
    {
        var e = Assert.Throws<ArgumentException>(call);
        Assert.Equal(parameter, e.ParamName);
        Assert.StartsWith($"Expected {size} bytes.", e.Message);
    }

    private static (byte[] Ek, byte[] Dk) KeyPair(int seed)
    {
        var ek = new byte[MlKem768.EncapsulationKeySize];
        var dk = new byte[MlKem768.DecapsulationKeySize];
        MlKem768.GenerateKeyPair(new DeterministicEntropy(seed), ek, dk);
        return (ek, dk);
    }
}
