using System.Buffers.Binary;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Crypto.Algorithms;

/// <summary>
/// Our ML-KEM-768 (BouncyCastle) against libsodium 1.0.22's independent ML-KEM-768, from the same seeds.
/// libsodium's secret key is the same 2400-byte FIPS 203 expanded dk as ours (not the 64-byte seed), so
/// ek, dk, c and K are all compared byte for byte.
/// </summary>
public sealed class MlKem768DifferentialTests
{
    private const int Rounds = 1000;

    [Fact]
    public void Libsodium_uses_the_fips_203_sizes_we_use()
    {
        Assert.Equal(MlKem768.EncapsulationKeySize, LibsodiumMlKem.PublicKeyBytes);
        Assert.Equal(MlKem768.DecapsulationKeySize, LibsodiumMlKem.SecretKeyBytes);
        Assert.Equal(MlKem768.CiphertextSize, LibsodiumMlKem.CiphertextBytes);
        Assert.Equal(MlKem768.SharedSecretSize, LibsodiumMlKem.SharedSecretBytes);
        Assert.Equal(MlKem768.SeedSize, LibsodiumMlKem.SeedBytes);
    }

    [Fact]
    public void Bouncycastle_and_libsodium_agree_byte_for_byte_over_1000_seeds_in_both_directions()
    {
        var entropy = new DeterministicEntropy(0x4d4c4b45);
        var seed = new byte[MlKem768.SeedSize];
        var m = new byte[MlKem768.EncapsulationRandomSize];
        var position = new byte[4];

        var ekOurs = new byte[MlKem768.EncapsulationKeySize];
        var dkOurs = new byte[MlKem768.DecapsulationKeySize];
        var ekSodium = new byte[MlKem768.EncapsulationKeySize];
        var dkSodium = new byte[MlKem768.DecapsulationKeySize];
        var ctOurs = new byte[MlKem768.CiphertextSize];
        var ctSodium = new byte[MlKem768.CiphertextSize];
        var kOurs = new byte[MlKem768.SharedSecretSize];
        var kSodium = new byte[MlKem768.SharedSecretSize];
        var kDecapsulated = new byte[MlKem768.SharedSecretSize];
        var kRejectOurs = new byte[MlKem768.SharedSecretSize];
        var kRejectSodium = new byte[MlKem768.SharedSecretSize];

        var checkedRounds = 0;
        for (var round = 0; round < Rounds; round++)
        {
            entropy.Fill(seed);
            entropy.Fill(m);
            entropy.Fill(position);

            // Key generation from the same d‖z.
            MlKem768.GenerateKeyPair(seed, ekOurs, dkOurs);
            LibsodiumMlKem.SeedKeyPair(seed, ekSodium, dkSodium);
            Assert.True(ekOurs.AsSpan().SequenceEqual(ekSodium), $"ek differs in round {round}");
            Assert.True(dkOurs.AsSpan().SequenceEqual(dkSodium), $"dk differs in round {round}");

            // Encapsulation from the same m.
            Assert.True(MlKem768.TryEncapsulate(ekOurs, m, ctOurs, kOurs));
            Assert.True(LibsodiumMlKem.TryEncapsulateDeterministic(ekSodium, m, ctSodium, kSodium));
            Assert.True(ctOurs.AsSpan().SequenceEqual(ctSodium), $"ciphertext differs in round {round}");
            Assert.True(kOurs.AsSpan().SequenceEqual(kSodium), $"shared secret differs in round {round}");

            // Cross-decapsulation: ours → libsodium, libsodium → ours.
            LibsodiumMlKem.Decapsulate(ctOurs, dkSodium, kDecapsulated);
            Assert.True(kDecapsulated.AsSpan().SequenceEqual(kOurs), $"libsodium could not open ours in round {round}");
            Assert.True(MlKem768.TryDecapsulate(dkOurs, ctSodium, kDecapsulated));
            Assert.True(kDecapsulated.AsSpan().SequenceEqual(kSodium), $"we could not open libsodium's in round {round}");

            // A modified ciphertext: both give the same implicit-rejection key, which is not the real one.
            var flip = (int)(BinaryPrimitives.ReadUInt32BigEndian(position) % (MlKem768.CiphertextSize * 8));
            ctOurs[flip / 8] ^= (byte)(1 << (flip % 8));
            Assert.True(MlKem768.TryDecapsulate(dkOurs, ctOurs, kRejectOurs));
            LibsodiumMlKem.Decapsulate(ctOurs, dkSodium, kRejectSodium);
            Assert.True(kRejectOurs.AsSpan().SequenceEqual(kRejectSodium), $"implicit-rejection key differs in round {round}");
            Assert.False(kRejectOurs.AsSpan().SequenceEqual(kOurs), $"modified ciphertext gave the real key in round {round}");
            checkedRounds++;
        }

        Assert.Equal(Rounds, checkedRounds);
    }

    [Fact]
    public void Entropy_overloads_draw_the_seed_and_m_exactly_as_handed_in()
    {
        var seed = new byte[MlKem768.SeedSize];
        var m = new byte[MlKem768.EncapsulationRandomSize];
        var replay = new DeterministicEntropy(7);
        replay.Fill(seed);
        replay.Fill(m);

        var entropy = new DeterministicEntropy(7);
        var ek = new byte[MlKem768.EncapsulationKeySize];
        var dk = new byte[MlKem768.DecapsulationKeySize];
        var ct = new byte[MlKem768.CiphertextSize];
        var k = new byte[MlKem768.SharedSecretSize];
        MlKem768.GenerateKeyPair(entropy, ek, dk);
        Assert.True(MlKem768.TryEncapsulate(entropy, ek, ct, k));

        var ekSodium = new byte[MlKem768.EncapsulationKeySize];
        var dkSodium = new byte[MlKem768.DecapsulationKeySize];
        var ctSodium = new byte[MlKem768.CiphertextSize];
        var kSodium = new byte[MlKem768.SharedSecretSize];
        LibsodiumMlKem.SeedKeyPair(seed, ekSodium, dkSodium);
        Assert.True(LibsodiumMlKem.TryEncapsulateDeterministic(ekSodium, m, ctSodium, kSodium));
        Assert.Equal(ekSodium, ek);
        Assert.Equal(ctSodium, ct);
        Assert.Equal(kSodium, k);
    }
    /// <summary>The Wycheproof ModulusOverflow keys (FIPS 203 §7.2): both implementations refuse every one.</summary>
    [Fact]
    public void Both_implementations_refuse_encapsulation_keys_that_fail_the_modulus_check()
    {
        var overflowing = Wycheproof.WycheproofFile.Load("mlkem_768_encaps_test.json").Cases
            .Where(c => c.HasFlag("ModulusOverflow"))
            .ToList();
        Assert.Equal(12, overflowing.Count);
        foreach (var c in overflowing)
        {
            var ek = c.Bytes("ek");
            var m = c.Bytes("m");
            Assert.Equal(MlKem768.EncapsulationKeySize, ek.Length);
            Assert.False(MlKem768.TryEncapsulate(ek, m, new byte[MlKem768.CiphertextSize], new byte[32]));
            Assert.False(LibsodiumMlKem.TryEncapsulateDeterministic(ek, m, new byte[MlKem768.CiphertextSize], new byte[32]));
        }
    }
}
