using System.Text;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Crypto.Algorithms;

public sealed class Blake2bTests
{
    private static string Hash(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, int size)
    {
        var output = new byte[size];
        Blake2b.KeyedHash(key, data, output);
        return Hex.Encode(output);
    }

    [Fact]
    public void Blake2b_512_of_abc_is_the_rfc_7693_appendix_a_value()
    {
        var output = new byte[64];
        Blake2b.Hash("abc"u8, output);
        Assert.Equal("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
            Hex.Encode(output));
    }

    /// <summary>Expected values computed independently with Python's hashlib.blake2b (not libsodium).</summary>
    [Theory]
    [InlineData("", "", 16, "cae66941d9efbd404e4d88758ea67670")]
    [InlineData("", "abc", 32, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319")]
    [InlineData("key00to3f", "", 64, "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568")]
    [InlineData("key00to3f", "data00tofe", 64, "142709d62e28fcccd0af97fad0f8465b971e82201dc51070faa0372aa43e92484be1c1e73ba10906d5d1853db6a4106e0a7bf9800d373d6dee2d46d62ef2a461")]
    public void Keyed_and_short_outputs_match_an_independent_implementation(string key, string data, int size, string expected)
    {
        byte[] Input(string s, int count) => s.EndsWith("to3f", StringComparison.Ordinal) || s.EndsWith("tofe", StringComparison.Ordinal)
            ? Enumerable.Range(0, count).Select(i => (byte)i).ToArray()
            : Encoding.ASCII.GetBytes(s);
        Assert.Equal(expected, Hash(Input(key, 64), Input(data, 255), size));
    }

    [Fact]
    public void Output_and_key_sizes_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Blake2b.Hash("x"u8, new byte[Blake2b.MinOutputSize - 1]));
        Assert.Throws<ArgumentException>(() => Blake2b.Hash("x"u8, new byte[Blake2b.MaxOutputSize + 1]));
        Assert.Throws<ArgumentException>(() => Blake2b.KeyedHash(new byte[Blake2b.MaxKeySize + 1], "x"u8, new byte[32]));
    }
}
