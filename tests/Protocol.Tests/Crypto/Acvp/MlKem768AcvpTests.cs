using System.Text.Json;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Crypto.Acvp;

/// <summary>
/// NIST ACVP ML-KEM (FIPS 203) vectors, from the internalProjection files (inputs and expected outputs
/// together). Only the ML-KEM-768 groups are ours; each test filters on parameterSet and asserts how many
/// cases it checked, so a test cannot pass by finding no group.
/// </summary>
public sealed class MlKem768AcvpTests
{
    private const string KeyGenFile = "acvp/ml-kem/ML-KEM-keyGen-FIPS203_internalProjection.json";
    private const string EncapDecapFile = "acvp/ml-kem/ML-KEM-encapDecap-FIPS203_internalProjection.json";

    private static List<JsonElement> Tests(string file, int tgId, string function)
    {
        using var document = TestVectors.Load(file);
        var group = Assert.Single(document.RootElement.GetProperty("testGroups").EnumerateArray(),
            g => g.GetProperty("tgId").GetInt32() == tgId);
        Assert.Equal("ML-KEM-768", group.GetProperty("parameterSet").GetString());
        if (group.TryGetProperty("function", out var f))
        {
            Assert.Equal(function, f.GetString());
        }

        return group.GetProperty("tests").EnumerateArray().Select(t => t.Clone()).ToList();
    }

    [Fact]
    public void The_only_ml_kem_768_groups_are_the_ones_tested_here()
    {
        using var keyGen = TestVectors.Load(KeyGenFile);
        using var encapDecap = TestVectors.Load(EncapDecapFile);
        static IEnumerable<int> Ids(JsonDocument d) => d.RootElement.GetProperty("testGroups").EnumerateArray()
            .Where(g => g.GetProperty("parameterSet").GetString() == "ML-KEM-768")
            .Select(g => g.GetProperty("tgId").GetInt32());
        Assert.Equal([2], Ids(keyGen));
        Assert.Equal([2, 6, 7, 12, 13], Ids(encapDecap));
    }

    private static byte[] Bytes(JsonElement test, string name) => Hex.Decode(test.GetProperty(name).GetString());

    private static byte[] Seed(JsonElement test) => [.. Bytes(test, "d"), .. Bytes(test, "z")];

    [Fact]
    public void KeyGen_group_2_gives_the_expected_ek_and_dk_from_d_and_z()
    {
        var tests = Tests(KeyGenFile, 2, "keyGen");
        Assert.Equal(25, tests.Count);
        foreach (var test in tests)
        {
            var ek = new byte[MlKem768.EncapsulationKeySize];
            var dk = new byte[MlKem768.DecapsulationKeySize];
            MlKem768.GenerateKeyPair(Seed(test), ek, dk);
            Assert.Equal(Hex.Encode(Bytes(test, "ek")), Hex.Encode(ek));
            Assert.Equal(Hex.Encode(Bytes(test, "dk")), Hex.Encode(dk));
        }
    }

    [Fact]
    public void Encapsulation_group_2_gives_the_expected_ciphertext_and_key_from_ek_and_m()
    {
        var tests = Tests(EncapDecapFile, 2, "encapsulation");
        Assert.Equal(25, tests.Count);
        foreach (var test in tests)
        {
            var c = new byte[MlKem768.CiphertextSize];
            var k = new byte[MlKem768.SharedSecretSize];
            Assert.True(MlKem768.TryEncapsulate(Bytes(test, "ek"), Bytes(test, "m"), c, k));
            Assert.Equal(Hex.Encode(Bytes(test, "c")), Hex.Encode(c));
            Assert.Equal(Hex.Encode(Bytes(test, "k")), Hex.Encode(k));
        }
    }

    /// <summary>Group 6 (keyFormat seed): dk comes from d‖z; "modified ciphertext" cases must give the implicit-rejection key.</summary>
    [Fact]
    public void Decapsulation_group_6_from_seed_gives_the_expected_key_including_implicit_rejection()
    {
        var tests = Tests(EncapDecapFile, 6, "decapsulation");
        Assert.Equal(10, tests.Count);
        Assert.Contains(tests, t => t.GetProperty("reason").GetString() == "modified ciphertext");
        foreach (var test in tests)
        {
            var ek = new byte[MlKem768.EncapsulationKeySize];
            var dk = new byte[MlKem768.DecapsulationKeySize];
            MlKem768.GenerateKeyPair(Seed(test), ek, dk);
            Assert.Equal(Hex.Encode(Bytes(test, "dk")), Hex.Encode(dk));
            var k = new byte[MlKem768.SharedSecretSize];
            Assert.True(MlKem768.TryDecapsulate(dk, Bytes(test, "c"), k));
            Assert.Equal(Hex.Encode(Bytes(test, "k")), Hex.Encode(k));
        }
    }

    [Fact]
    public void Decapsulation_group_7_from_expanded_dk_gives_the_expected_key_including_implicit_rejection()
    {
        var tests = Tests(EncapDecapFile, 7, "decapsulation");
        Assert.Equal(10, tests.Count);
        Assert.Contains(tests, t => t.GetProperty("reason").GetString() == "modified ciphertext");
        foreach (var test in tests)
        {
            var k = new byte[MlKem768.SharedSecretSize];
            Assert.True(MlKem768.TryDecapsulate(Bytes(test, "dk"), Bytes(test, "c"), k));
            Assert.Equal(Hex.Encode(Bytes(test, "k")), Hex.Encode(k));
        }
    }

    /// <summary>
    /// Group 12, the FIPS 203 §7.3 decapsulation-key check: a dk whose embedded H(ek) was modified
    /// ("testPassed": false) must be refused by TryDecapsulate; a good one decapsulates its own ciphertext.
    /// </summary>
    [Fact]
    public void Decapsulation_key_check_group_12_refuses_every_dk_with_a_modified_hash()
    {
        var tests = Tests(EncapDecapFile, 12, "decapsulationKeyCheck");
        Assert.Equal(10, tests.Count);
        Assert.Contains(tests, t => !t.GetProperty("testPassed").GetBoolean());
        Assert.Contains(tests, t => t.GetProperty("testPassed").GetBoolean());
        var m = new byte[MlKem768.EncapsulationRandomSize];
        foreach (var test in tests)
        {
            var c = new byte[MlKem768.CiphertextSize];
            var sent = new byte[MlKem768.SharedSecretSize];
            Assert.True(MlKem768.TryEncapsulate(Bytes(test, "ek"), m, c, sent));
            var received = new byte[MlKem768.SharedSecretSize];
            Array.Fill(received, (byte)0xAA);
            var accepted = MlKem768.TryDecapsulate(Bytes(test, "dk"), c, received);
            Assert.Equal(test.GetProperty("testPassed").GetBoolean(), accepted);
            Assert.Equal(accepted ? sent : new byte[MlKem768.SharedSecretSize], received);
        }
    }

    /// <summary>Group 13, the FIPS 203 §7.2 encapsulation-key check (here the failing keys also have the wrong length).</summary>
    [Fact]
    public void Encapsulation_key_check_group_13_agrees_with_testPassed()
    {
        var tests = Tests(EncapDecapFile, 13, "encapsulationKeyCheck");
        Assert.Equal(10, tests.Count);
        Assert.Contains(tests, t => !t.GetProperty("testPassed").GetBoolean());
        foreach (var test in tests)
        {
            var ek = Bytes(test, "ek");
            var expected = test.GetProperty("testPassed").GetBoolean();
            Assert.Equal(expected, MlKem768.IsEncapsulationKeyValid(ek));
            Assert.Equal(expected, MlKem768.TryEncapsulate(ek, new byte[32], new byte[MlKem768.CiphertextSize], new byte[32]));
        }
    }
}
