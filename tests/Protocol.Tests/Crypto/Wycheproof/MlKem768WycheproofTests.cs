using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Tests.Crypto.Wycheproof;

public sealed class MlKem768WycheproofTests
{
    /// <summary>
    /// mlkem_768_test: valid — the seed d‖z gives ek, and decapsulating c (including the "Strcmp" implicit-rejection
    /// vector) gives K. invalid — a seed of the wrong length is a caller bug (the seed is our own secret, never
    /// received), so GenerateKeyPair throws ArgumentException; a ciphertext of the wrong length is hostile input,
    /// so TryDecapsulate returns false and zeroes the output.
    /// </summary>
    [Fact]
    public void Decapsulation_from_seed_passes_every_wycheproof_case() =>
        WycheproofFile.Load("mlkem_768_test.json").CheckAll(193, c =>
        {
            var seed = c.Bytes("seed");
            var ciphertext = c.Bytes("c");
            var ek = new byte[MlKem768.EncapsulationKeySize];
            var dk = new byte[MlKem768.DecapsulationKeySize];
            if (seed.Length != MlKem768.SeedSize)
            {
                if (!c.IsInvalid)
                {
                    return "a wrong-length seed is marked valid";
                }

                try
                {
                    MlKem768.GenerateKeyPair(seed, ek, dk);
                    return "a wrong-length seed was accepted";
                }
                catch (ArgumentException)
                {
                    return null;
                }
            }

            MlKem768.GenerateKeyPair(seed, ek, dk);
            if (!ek.AsSpan().SequenceEqual(c.Bytes("ek")))
            {
                return "ek differs";
            }

            var k = new byte[MlKem768.SharedSecretSize];
            Array.Fill(k, (byte)0xAA);
            var accepted = MlKem768.TryDecapsulate(dk, ciphertext, k);
            if (c.IsValid)
            {
                return accepted && k.AsSpan().SequenceEqual(c.Bytes("K")) ? null : "K differs";
            }

            if (ciphertext.Length == MlKem768.CiphertextSize)
            {
                return "invalid case with a well-formed seed and ciphertext; policy needs revisiting";
            }

            return !accepted && k.All(b => b == 0) ? null : "wrong-length ciphertext was not refused";
        });

    [Fact]
    public void Key_generation_from_seed_passes_every_wycheproof_case() =>
        WycheproofFile.Load("mlkem_768_keygen_seed_test.json").CheckAll(100, c =>
        {
            var ek = new byte[MlKem768.EncapsulationKeySize];
            var dk = new byte[MlKem768.DecapsulationKeySize];
            MlKem768.GenerateKeyPair(c.Bytes("seed"), ek, dk);
            var same = ek.AsSpan().SequenceEqual(c.Bytes("ek")) && dk.AsSpan().SequenceEqual(c.Bytes("dk"));
            return same == c.IsValid ? null : "ek or dk differs";
        });

    /// <summary>valid: ek and m give c and K. invalid (wrong ek length, ModulusOverflow): refused, outputs zeroed.</summary>
    [Fact]
    public void Encapsulation_passes_every_wycheproof_case() =>
        WycheproofFile.Load("mlkem_768_encaps_test.json").CheckAll(265, c =>
        {
            var ek = c.Bytes("ek");
            var ciphertext = new byte[MlKem768.CiphertextSize];
            var k = new byte[MlKem768.SharedSecretSize];
            Array.Fill(ciphertext, (byte)0xAA);
            Array.Fill(k, (byte)0xAA);
            var accepted = MlKem768.TryEncapsulate(ek, c.Bytes("m"), ciphertext, k);
            if (MlKem768.IsEncapsulationKeyValid(ek) != c.IsValid)
            {
                return "IsEncapsulationKeyValid disagrees";
            }

            if (c.IsValid)
            {
                return accepted && ciphertext.AsSpan().SequenceEqual(c.Bytes("c")) && k.AsSpan().SequenceEqual(c.Bytes("K"))
                    ? null
                    : "c or K differs";
            }

            return !accepted && ciphertext.All(b => b == 0) && k.All(b => b == 0) ? null : "invalid ek was not refused";
        });

    /// <summary>
    /// Expanded dk. valid (including MalleableCiphertext): K. invalid — wrong c or dk length, a dk whose H(ek)
    /// or embedded ek was corrupted (FIPS 203 §7.3 check): refused, output zeroed.
    /// </summary>
    [Fact]
    public void Decapsulation_from_expanded_key_passes_every_wycheproof_case() =>
        WycheproofFile.Load("mlkem_768_semi_expanded_decaps_test.json").CheckAll(9, c =>
        {
            var k = new byte[MlKem768.SharedSecretSize];
            Array.Fill(k, (byte)0xAA);
            var accepted = MlKem768.TryDecapsulate(c.Bytes("dk"), c.Bytes("c"), k);
            if (c.IsValid)
            {
                return accepted && k.AsSpan().SequenceEqual(c.Bytes("K")) ? null : "K differs";
            }

            return !accepted && k.All(b => b == 0) ? null : "invalid decapsulation was not refused";
        });
}
