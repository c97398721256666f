using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pvtcoms.Protocol.Onion;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Onion;

public sealed class OnionAddressTests
{
    // RFC 8032 §7.1 TEST 1: the Ed25519 seed and its public key; the v3 address of that public key is the
    // vector in tor's own src/test/test_hs_common.c (test_build_address), recomputed independently with
    // Python's hashlib.sha3_256 + base64.b32encode when this test was written.
    private const string Rfc8032Test1Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private const string Rfc8032Test1PublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private const string Rfc8032Test1Address = "25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid";

    [Fact]
    public void Address_of_the_rfc8032_public_key_matches_tors_test_vector()
    {
        var address = OnionAddress.FromPublicKey(Hex.Decode(Rfc8032Test1PublicKey));

        Assert.Equal(Rfc8032Test1Address, address.ServiceId);
        Assert.Equal(Rfc8032Test1Address + ".onion", address.HostName);
    }

    [Fact]
    public void Key_from_the_rfc8032_seed_has_the_same_address()
    {
        using var key = OnionServiceKey.FromSeed(Hex.Decode(Rfc8032Test1Seed));

        Assert.Equal(Rfc8032Test1Address, key.Address.ServiceId);
        Assert.Equal(Hex.Decode(Rfc8032Test1PublicKey), key.Address.PublicKey());
    }

    [Fact]
    public void Parsing_an_address_gives_back_its_public_key_with_or_without_the_suffix()
    {
        var bare = OnionAddress.Parse(Rfc8032Test1Address);
        var suffixed = OnionAddress.Parse(Rfc8032Test1Address + ".onion");

        Assert.True(bare.IsOk);
        Assert.True(suffixed.IsOk);
        Assert.Equal(Hex.Decode(Rfc8032Test1PublicKey), bare.Value.PublicKey());
        Assert.Equal(bare.Value, suffixed.Value);
    }

    [Fact]
    public void An_address_with_one_character_changed_fails_its_checksum()
    {
        var chars = Rfc8032Test1Address.ToCharArray();
        chars[10] = chars[10] == 'a' ? 'b' : 'a';

        Assert.Equal(ProtocolError.InvalidEncoding, OnionAddress.Parse(new string(chars)).Error);
    }

    [Theory]
    [InlineData("", ProtocolError.LengthOutOfRange)]
    [InlineData("25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5si", ProtocolError.LengthOutOfRange)]
    [InlineData("25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sidd", ProtocolError.LengthOutOfRange)]
    [InlineData("25NJQAMCWEFLPVKL73J4SZAHHIHOC4XT3KTCGJNPAINGR5YHKENL5SID", ProtocolError.InvalidEncoding)]
    [InlineData("25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5si1", ProtocolError.InvalidEncoding)]
    [InlineData("25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5si=", ProtocolError.InvalidEncoding)]
    [InlineData("facebookcorewwwi.onion", ProtocolError.LengthOutOfRange)]
    public void Malformed_addresses_are_refused_with_a_typed_error(string text, ProtocolError expected)
    {
        Assert.Equal(expected, OnionAddress.Parse(text).Error);
    }

    [Fact]
    public void An_address_whose_version_byte_is_not_3_is_refused()
    {
        // Same public key, version byte 0x04: the last base32 character encodes the version's low bits.
        var chars = Rfc8032Test1Address.ToCharArray();
        chars[^1] = 'e';

        Assert.Equal(ProtocolError.UnsupportedVersion, OnionAddress.Parse(new string(chars)).Error);
    }

    [Property(MaxTest = 200)]
    public Property Every_computed_address_parses_back_to_the_same_public_key(int seed)
    {
        var entropy = new DeterministicEntropy(seed);
        var keySeed = new byte[OnionServiceKey.SeedLength];
        OnionServiceKey.GenerateSeed(entropy, keySeed);
        using var key = OnionServiceKey.FromSeed(keySeed);

        var parsed = OnionAddress.Parse(key.Address.HostName);

        return (parsed.IsOk && parsed.Value.PublicKey().AsSpan().SequenceEqual(key.Address.PublicKey())).ToProperty();
    }

    [Property(MaxTest = 500)]
    public Property Arbitrary_text_never_throws(string? text)
    {
        var result = OnionAddress.Parse(text ?? string.Empty);
        return (result.IsOk || result.Error != ProtocolError.None).ToProperty();
    }
}
