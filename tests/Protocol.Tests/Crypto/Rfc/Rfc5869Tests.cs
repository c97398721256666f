using System.Security.Cryptography;
using System.Text.Json;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Crypto.Rfc;

public sealed class Rfc5869Tests
{
    private static List<JsonElement> Cases(string hash)
    {
        using var document = TestVectors.Load("rfc/rfc5869.json");
        return document.RootElement.GetProperty("tests").EnumerateArray()
            .Where(t => t.GetProperty("hash").GetString() == hash)
            .Select(t => t.Clone())
            .ToList();
    }

    private static byte[] Bytes(JsonElement test, string name) =>
        test.GetProperty(name).ValueKind == JsonValueKind.Null ? [] : Hex.Decode(test.GetProperty(name).GetString());

    [Fact]
    public void Sha256_cases_A1_to_A3_give_the_rfc_prk_and_okm()
    {
        var cases = Cases("SHA-256");
        Assert.Equal(["A.1", "A.2", "A.3"], cases.Select(t => t.GetProperty("section").GetString()));
        foreach (var test in cases)
        {
            var ikm = Bytes(test, "ikm");
            var salt = Bytes(test, "salt");
            var info = Bytes(test, "info");
            var length = test.GetProperty("length").GetInt32();

            var prk = new byte[Kdf.HashSize];
            Kdf.HkdfExtract(ikm, salt, prk);
            Assert.Equal(Hex.Encode(Bytes(test, "prk")), Hex.Encode(prk));

            var expanded = new byte[length];
            Kdf.HkdfExpand(prk, info, expanded);
            Assert.Equal(Hex.Encode(Bytes(test, "okm")), Hex.Encode(expanded));

            var okm = new byte[length];
            Kdf.Hkdf(ikm, salt, info, okm);
            Assert.Equal(Hex.Encode(Bytes(test, "okm")), Hex.Encode(okm));
        }
    }

    /// <summary>
    /// A.4–A.7 are HKDF-SHA-1, which pvtcoms never uses. They are checked against the framework's HKDF with
    /// SHA-1 only to show the file is read as a whole (A.7's null salt means HashLen zero bytes); they say
    /// nothing about our Kdf.
    /// </summary>
    [Fact]
    public void Sha1_cases_A4_to_A7_are_read_correctly()
    {
        var cases = Cases("SHA-1");
        Assert.Equal(["A.4", "A.5", "A.6", "A.7"], cases.Select(t => t.GetProperty("section").GetString()));
        foreach (var test in cases)
        {
            var salt = Bytes(test, "salt");
            var prk = HKDF.Extract(HashAlgorithmName.SHA1, Bytes(test, "ikm"), salt);
            Assert.Equal(Hex.Encode(Bytes(test, "prk")), Hex.Encode(prk));
            var okm = HKDF.Expand(HashAlgorithmName.SHA1, prk, test.GetProperty("length").GetInt32(), Bytes(test, "info"));
            Assert.Equal(Hex.Encode(Bytes(test, "okm")), Hex.Encode(okm));
        }
    }

    [Fact]
    public void Hkdf_refuses_empty_and_oversized_outputs()
    {
        var ikm = new byte[32];
        Assert.Throws<ArgumentException>(() => Kdf.Hkdf(ikm, [], [], new byte[Kdf.MaxOutputSize + 1]));
        Assert.Throws<ArgumentException>(() => Kdf.Hkdf(ikm, [], [], Span<byte>.Empty));
        Assert.Throws<ArgumentException>(() => Kdf.HkdfExpand(ikm, [], new byte[Kdf.MaxOutputSize + 1]));
    }
}
