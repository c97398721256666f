using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Crypto.Algorithms;

public sealed class KdfTests
{
    [Fact]
    public void Sha256_of_abc_is_the_fips_180_value()
    {
        var digest = new byte[Kdf.HashSize];
        Kdf.Sha256("abc"u8, digest);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hex.Encode(digest));
    }

    /// <summary>A larger buffer would get 32 bytes and keep whatever else it held: that is a caller bug, refused.</summary>
    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Fixed_size_outputs_of_any_other_size_are_refused(int size)
    {
        Assert.Throws<ArgumentException>(() => Kdf.HkdfExtract("ikm"u8, "salt"u8, new byte[size]));
        Assert.Throws<ArgumentException>(() => Kdf.Hmac("key"u8, "data"u8, new byte[size]));
        Assert.Throws<ArgumentException>(() => Kdf.Sha256("data"u8, new byte[size]));
    }

    /// <summary>VerifyHmac takes the full tag or a truncation of 16..32 bytes; the caller fixes which length its format uses.</summary>
    [Fact]
    public void Verify_hmac_accepts_truncations_of_16_to_32_bytes_and_nothing_shorter_or_longer()
    {
        var mac = new byte[Kdf.HashSize];
        Kdf.Hmac("key"u8, "data"u8, mac);
        for (var length = 0; length <= Kdf.HashSize; length++)
        {
            Assert.Equal(length >= 16, Kdf.VerifyHmac("key"u8, "data"u8, mac.AsSpan(0, length)));
        }

        Assert.False(Kdf.VerifyHmac("key"u8, "data"u8, [.. mac, 0]));
        Assert.False(Kdf.VerifyHmac("key"u8, "datb"u8, mac));
    }
}
