using System.Text;
using Pvtcoms.Protocol.Onion;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Onion;

public sealed class OnionServiceKeyTests
{
    private static byte[] Seed(byte first)
    {
        var seed = new byte[OnionServiceKey.SeedLength];
        for (var i = 0; i < seed.Length; i++)
        {
            seed[i] = (byte)(first + i);
        }

        return seed;
    }

    [Fact]
    public void The_same_seed_always_gives_the_same_address_and_key()
    {
        using var a = OnionServiceKey.FromSeed(Seed(1));
        using var b = OnionServiceKey.FromSeed(Seed(1));
        var ka = new byte[OnionServiceKey.ExpandedKeyLength];
        var kb = new byte[OnionServiceKey.ExpandedKeyLength];
        a.CopyExpandedKey(ka);
        b.CopyExpandedKey(kb);

        Assert.Equal(a.Address, b.Address);
        Assert.Equal(ka, kb);
    }

    [Fact]
    public void Different_seeds_give_different_addresses()
    {
        using var a = OnionServiceKey.FromSeed(Seed(1));
        using var b = OnionServiceKey.FromSeed(Seed(2));

        Assert.NotEqual(a.Address, b.Address);
    }

    [Fact]
    public void The_expanded_key_is_a_clamped_scalar_followed_by_the_hash_prefix()
    {
        using var key = OnionServiceKey.FromSeed(Hex.Decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        var expanded = new byte[OnionServiceKey.ExpandedKeyLength];
        key.CopyExpandedKey(expanded);

        Assert.Equal(0, expanded[0] & 7);
        Assert.Equal(0x40, expanded[31] & 0xC0);
        // Second half is SHA-512(seed)[32..64], unchanged (RFC 8032 "prefix").
        var hash = System.Security.Cryptography.SHA512.HashData(Hex.Decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        Assert.Equal(hash[32..], expanded[32..]);
    }

    [Fact]
    public void The_add_onion_argument_is_the_key_type_and_base64_of_the_expanded_key()
    {
        using var key = OnionServiceKey.FromSeed(Seed(7));
        var argument = new byte[OnionServiceKey.AddOnionKeyArgumentLength];
        key.WriteAddOnionKeyArgument(argument);
        var expanded = new byte[OnionServiceKey.ExpandedKeyLength];
        key.CopyExpandedKey(expanded);

        var text = Encoding.ASCII.GetString(argument);
        Assert.StartsWith("ED25519-V3:", text, StringComparison.Ordinal);
        Assert.Equal(expanded, Convert.FromBase64String(text["ED25519-V3:".Length..]));
    }

    [Fact]
    public void A_seed_of_the_wrong_length_is_a_caller_bug()
    {
        Assert.Throws<ArgumentException>(() => OnionServiceKey.FromSeed(new byte[31]));
        Assert.Throws<ArgumentException>(() => OnionServiceKey.FromSeed(new byte[33]));
    }

    [Fact]
    public void A_disposed_key_refuses_to_give_out_its_secret_and_prints_nothing()
    {
        var key = OnionServiceKey.FromSeed(Seed(3));
        Assert.Equal("OnionServiceKey", key.ToString());
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.WriteAddOnionKeyArgument(new byte[OnionServiceKey.AddOnionKeyArgumentLength]));
    }
}
