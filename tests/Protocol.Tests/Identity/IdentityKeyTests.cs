using System.Reflection;
using System.Text.RegularExpressions;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Identity;

public sealed class IdentityKeyTests
{
    // RFC 8032 §7.1, TEST 1.
    private const string Rfc8032Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private const string Rfc8032Public = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    [Fact]
    public void Key_pair_from_the_RFC_8032_seed_has_the_RFC_public_key()
    {
        using var pair = IdentityKeyPair.FromSeed(Hex.Decode(Rfc8032Seed));
        Assert.Equal(Rfc8032Public, Hex.Encode(pair.PublicKey.Bytes));
    }

    [Fact]
    public void Signature_verifies_under_the_public_key_and_not_over_another_message()
    {
        using var pair = IdentityKeyPair.Generate(new DeterministicEntropy(1));
        var signature = pair.Sign("hello"u8);
        Assert.True(pair.PublicKey.Verify("hello"u8, signature));
        Assert.False(pair.PublicKey.Verify("hellO"u8, signature));
    }

    [Fact]
    public void Exported_seed_restores_the_same_identity()
    {
        using var pair = IdentityKeyPair.Generate(new DeterministicEntropy(2));
        var seed = new byte[IdentityKeyPair.SeedSize];
        pair.ExportSeed(seed);
        using var restored = IdentityKeyPair.FromSeed(seed);
        Assert.Equal(pair.PublicKey, restored.PublicKey);
    }

    [Fact]
    public void Disposed_key_pair_zeroes_its_seed_and_refuses_to_sign_or_export()
    {
        var pair = IdentityKeyPair.Generate(new DeterministicEntropy(3));
        var field = typeof(IdentityKeyPair).GetField("_seed", BindingFlags.NonPublic | BindingFlags.Instance)!;
        var seed = (byte[])field.GetValue(pair)!;
        Assert.Contains(seed, b => b != 0);

        pair.Dispose();

        Assert.All(seed, b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => pair.Sign("x"u8));
        Assert.Throws<ObjectDisposedException>(() => pair.ExportSeed(new byte[IdentityKeyPair.SeedSize]));
    }

    [Fact]
    public void ToString_shows_only_the_public_fingerprint()
    {
        using var pair = IdentityKeyPair.FromSeed(Hex.Decode(Rfc8032Seed));
        var text = pair.ToString() + " " + pair.PublicKey;
        Assert.DoesNotContain(Rfc8032Seed[..8], text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Rfc8032Public[..8], text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(pair.PublicKey.Fingerprint, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Fingerprint_is_four_groups_of_four_hex_digits_and_differs_between_keys()
    {
        using var a = IdentityKeyPair.Generate(new DeterministicEntropy(4));
        using var b = IdentityKeyPair.Generate(new DeterministicEntropy(5));
        Assert.Matches(new Regex("^[0-9a-f]{4}( [0-9a-f]{4}){3}$"), a.PublicKey.Fingerprint);
        Assert.NotEqual(a.PublicKey.Fingerprint, b.PublicKey.Fingerprint);
    }

    [Fact]
    public void Parse_refuses_every_length_but_32_with_a_typed_error()
    {
        for (var length = 0; length <= 70; length++)
        {
            var result = IdentityKey.Parse(new byte[length]);
            if (length == IdentityKey.Size)
            {
                Assert.True(result.IsOk);
            }
            else
            {
                Assert.Equal(ProtocolError.InvalidKeyLength, result.Error);
            }
        }
    }

    [Fact]
    public void Keys_with_equal_bytes_are_equal_and_differing_keys_are_not()
    {
        var bytes = Hex.Decode(Rfc8032Public);
        var a = IdentityKey.Parse(bytes).Value;
        var b = IdentityKey.Parse(bytes).Value;
        bytes[31] ^= 1;
        var c = IdentityKey.Parse(bytes).Value;
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a != c);
        Assert.False(a.Equals(null));
    }

    [Fact]
    public void Parsed_key_does_not_alias_the_callers_buffer()
    {
        var bytes = Hex.Decode(Rfc8032Public);
        var key = IdentityKey.Parse(bytes).Value;
        bytes[0] ^= 0xFF;
        Assert.Equal(Rfc8032Public, Hex.Encode(key.Bytes));
    }
}
