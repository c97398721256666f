using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// The caller contract of the key primitives: a buffer the caller sized wrongly throws, a wrong-size or invalid
/// peer value (attacker bytes) is a plain refusal that leaves the output cleared.
/// </summary>
public sealed class KeyAgreementCallerContractTests
{
    [Fact]
    public void X25519_buffers_of_the_wrong_size_are_caller_bugs()
    {
        var entropy = new DeterministicEntropy(1);
        Assert.Throws<ArgumentNullException>(() => X25519.GeneratePrivateKey(null!, new byte[32]));
        Assert.Throws<ArgumentException>(() => X25519.GeneratePrivateKey(entropy, new byte[31]));
        Assert.Throws<ArgumentException>(() => X25519.DerivePublicKey(new byte[31], new byte[32]));
        Assert.Throws<ArgumentException>(() => X25519.DerivePublicKey(new byte[32], new byte[33]));
        Assert.Throws<ArgumentException>(() => X25519.TryAgree(new byte[33], new byte[32], new byte[32]));
        Assert.Throws<ArgumentException>(() => X25519.TryAgree(new byte[32], new byte[32], new byte[31]));
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(0)]
    public void X25519_peer_key_of_the_wrong_size_is_refused_and_clears_the_secret(int size)
    {
        var privateKey = new byte[32];
        X25519.GeneratePrivateKey(new DeterministicEntropy(2), privateKey);
        var secret = Enumerable.Repeat((byte)0xEE, 32).ToArray();
        Assert.False(X25519.TryAgree(privateKey, new byte[size], secret));
        Assert.All(secret, b => Assert.Equal(0, b));
    }

    [Fact]
    public void X25519_low_order_peer_key_is_refused_and_clears_the_secret()
    {
        var privateKey = new byte[32];
        X25519.GeneratePrivateKey(new DeterministicEntropy(3), privateKey);
        var secret = Enumerable.Repeat((byte)0xEE, 32).ToArray();
        Assert.False(X25519.TryAgree(privateKey, new byte[32], secret));
        Assert.All(secret, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Generated_x25519_and_ed25519_secrets_are_the_entropy_handed_in()
    {
        var expected = new byte[32];
        new DeterministicEntropy(4).Fill(expected);
        var privateKey = new byte[32];
        X25519.GeneratePrivateKey(new DeterministicEntropy(4), privateKey);
        Assert.Equal(expected, privateKey);
        var seed = new byte[32];
        Ed25519.GenerateSeed(new DeterministicEntropy(4), seed);
        Assert.Equal(expected, seed);
    }

    [Fact]
    public void Ed25519_buffers_of_the_wrong_size_are_caller_bugs()
    {
        Assert.Throws<ArgumentNullException>(() => Ed25519.GenerateSeed(null!, new byte[32]));
        Assert.Throws<ArgumentException>(() => Ed25519.GenerateSeed(new DeterministicEntropy(1), new byte[33]));
        Assert.Throws<ArgumentException>(() => Ed25519.DerivePublicKey(new byte[31], new byte[32]));
        Assert.Throws<ArgumentException>(() => Ed25519.DerivePublicKey(new byte[32], new byte[31]));
        Assert.Throws<ArgumentException>(() => Ed25519.Sign(new byte[31], "m"u8.ToArray(), new byte[64]));
        Assert.Throws<ArgumentException>(() => Ed25519.Sign(new byte[32], "m"u8.ToArray(), new byte[63]));
    }

    [Fact]
    public void Ed25519_public_key_or_signature_of_the_wrong_size_does_not_verify()
    {
        var seed = new byte[32];
        var publicKey = new byte[32];
        var signature = new byte[64];
        Ed25519.DerivePublicKey(seed, publicKey);
        Ed25519.Sign(seed, "m"u8, signature);
        Assert.True(Ed25519.Verify(publicKey, "m"u8, signature));
        Assert.False(Ed25519.Verify(publicKey.AsSpan(0, 31), "m"u8, signature));
        Assert.False(Ed25519.Verify([.. publicKey, 0], "m"u8, signature));
        Assert.False(Ed25519.Verify(publicKey, "m"u8, signature.AsSpan(0, 63)));
        Assert.False(Ed25519.Verify(publicKey, "m"u8, [.. signature, 0]));
    }

    [Fact]
    public void Ml_kem_buffers_of_the_wrong_size_are_caller_bugs()
    {
        var (ek, dk) = MlKemKeyPair(5);
        Assert.Throws<ArgumentException>(() => MlKem768.GenerateKeyPair(new byte[63], new byte[1184], new byte[2400]));
        Assert.Throws<ArgumentException>(() => MlKem768.GenerateKeyPair(new byte[64], new byte[1183], new byte[2400]));
        Assert.Throws<ArgumentException>(() => MlKem768.GenerateKeyPair(new byte[64], new byte[1184], new byte[2401]));
        Assert.Throws<ArgumentNullException>(() => MlKem768.GenerateKeyPair((IEntropy)null!, new byte[1184], new byte[2400]));
        Assert.Throws<ArgumentException>(() => MlKem768.TryEncapsulate(ek, new byte[31], new byte[1088], new byte[32]));
        Assert.Throws<ArgumentException>(() => MlKem768.TryEncapsulate(ek, new byte[32], new byte[1087], new byte[32]));
        Assert.Throws<ArgumentException>(() => MlKem768.TryEncapsulate(ek, new byte[32], new byte[1088], new byte[33]));
        Assert.Throws<ArgumentNullException>(() => MlKem768.TryEncapsulate((IEntropy)null!, ek, new byte[1088], new byte[32]));
        Assert.Throws<ArgumentException>(() => MlKem768.TryDecapsulate(dk, new byte[1088], new byte[31]));
    }

    [Theory]
    [InlineData(1183)]
    [InlineData(1185)]
    [InlineData(0)]
    public void Ml_kem_encapsulation_key_of_the_wrong_size_is_refused_and_clears_the_outputs(int size)
    {
        var ciphertext = Enumerable.Repeat((byte)0xEE, MlKem768.CiphertextSize).ToArray();
        var secret = Enumerable.Repeat((byte)0xEE, 32).ToArray();
        Assert.False(MlKem768.TryEncapsulate(new byte[size], new byte[32], ciphertext, secret));
        Assert.All(ciphertext, b => Assert.Equal(0, b));
        Assert.All(secret, b => Assert.Equal(0, b));
        Assert.False(MlKem768.IsEncapsulationKeyValid(new byte[size]));
    }

    [Theory]
    [InlineData(2399, 1088)]
    [InlineData(2401, 1088)]
    [InlineData(2400, 1087)]
    [InlineData(2400, 1089)]
    public void Ml_kem_decapsulation_inputs_of_the_wrong_size_are_refused_and_clear_the_secret(int dkSize, int ctSize)
    {
        var secret = Enumerable.Repeat((byte)0xEE, 32).ToArray();
        Assert.False(MlKem768.TryDecapsulate(new byte[dkSize], new byte[ctSize], secret));
        Assert.All(secret, b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(0, 3328, true)]
    [InlineData(0, 3329, false)]
    [InlineData(0, 4095, false)]
    [InlineData(1, 3328, true)]
    [InlineData(1, 3329, false)]
    [InlineData(767, 3328, true)]
    [InlineData(767, 3329, false)]
    public void Ml_kem_modulus_check_accepts_coefficients_up_to_q_minus_1_at_every_position(int coefficient, int value, bool valid)
    {
        var (ek, _) = MlKemKeyPair(6);
        SetCoefficient(ek, coefficient, value);
        Assert.Equal(valid, MlKem768.IsEncapsulationKeyValid(ek));
        var ciphertext = new byte[MlKem768.CiphertextSize];
        var secret = new byte[32];
        Assert.Equal(valid, MlKem768.TryEncapsulate(ek, new byte[32], ciphertext, secret));
    }

    [Fact]
    public void Ml_kem_encapsulation_uses_exactly_the_randomness_handed_in()
    {
        var (ek, dk) = MlKemKeyPair(7);
        var m = new byte[32];
        new DeterministicEntropy(8).Fill(m);
        var ct1 = new byte[1088];
        var ct2 = new byte[1088];
        var ss1 = new byte[32];
        var ss2 = new byte[32];
        Assert.True(MlKem768.TryEncapsulate(ek, m, ct1, ss1));
        Assert.True(MlKem768.TryEncapsulate(new DeterministicEntropy(8), ek, ct2, ss2));
        Assert.Equal(ct1, ct2);
        Assert.Equal(ss1, ss2);
        var decapsulated = new byte[32];
        Assert.True(MlKem768.TryDecapsulate(dk, ct1, decapsulated));
        Assert.Equal(ss1, decapsulated);
    }

    private static (byte[] Ek, byte[] Dk) MlKemKeyPair(int seed)
    {
        var ek = new byte[MlKem768.EncapsulationKeySize];
        var dk = new byte[MlKem768.DecapsulationKeySize];
        MlKem768.GenerateKeyPair(new DeterministicEntropy(seed), ek, dk);
        return (ek, dk);
    }

    /// <summary>Writes 12-bit coefficient <paramref name="index"/> of t̂ (two coefficients per three bytes).</summary>
    private static void SetCoefficient(byte[] ek, int index, int value)
    {
        var i = index / 2 * 3;
        if (index % 2 == 0)
        {
            ek[i] = (byte)value;
            ek[i + 1] = (byte)((ek[i + 1] & 0xF0) | (value >> 8));
        }
        else
        {
            ek[i + 1] = (byte)((ek[i + 1] & 0x0F) | ((value & 0x0F) << 4));
            ek[i + 2] = (byte)(value >> 4);
        }
    }
}
