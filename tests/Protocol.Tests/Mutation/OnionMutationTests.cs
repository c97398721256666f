using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Pvtcoms.Protocol.Onion;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// The onion service key byte for byte (tor's expanded key, checked by libsodium's Ed25519 base-point
/// multiplication), the caller checks of the Onion types and what Dispose wipes.
/// </summary>
public sealed partial class OnionMutationTests
{
    // RFC 8032 §7.1 TEST 1 seed (OnionAddressTests uses its public key and address).
    private const string Rfc8032Test1Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

    // SHA-512(seed) with the first half clamped (RFC 8032 §5.1.5; tor's ed25519_secret_key_from_seed), computed
    // independently with Python's hashlib when this test was written. SHA-512(seed)[31] is 0x0f, so both the
    // clearing of bit 7 and the setting of bit 6 are needed to get 0x4f.
    private const string Rfc8032Test1ExpandedKey =
        "307c83864f2833cb427a2ef1c00a013cfdff2768d980c0a3a520f006904de94f"
        + "9b4f0afe280b746a778684e75442502057b7473a03f08f96f5a38e9287e01f8f";

    private const string Rfc8032Test1AddOnionArgument =
        "ED25519-V3:MHyDhk8oM8tCei7xwAoBPP3/J2jZgMCjpSDwBpBN6U+bTwr+KAt0aneGhOdUQlAgV7dHOgPwj5b1o46Sh+Afjw==";

    [Fact]
    public void The_expanded_key_of_the_rfc8032_seed_is_tors_clamped_sha512_byte_for_byte()
    {
        using var key = OnionServiceKey.FromSeed(Hex.Decode(Rfc8032Test1Seed));
        var expanded = new byte[OnionServiceKey.ExpandedKeyLength];
        key.CopyExpandedKey(expanded);
        var argument = new byte[OnionServiceKey.AddOnionKeyArgumentLength];
        key.WriteAddOnionKeyArgument(argument);

        Assert.Equal(Rfc8032Test1ExpandedKey, Hex.Encode(expanded));
        Assert.Equal(Rfc8032Test1AddOnionArgument, Encoding.ASCII.GetString(argument));
    }

    [Theory]
    [InlineData(Rfc8032Test1Seed)]
    [InlineData("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")] // RFC 8032 TEST 2
    [InlineData("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7")] // RFC 8032 TEST 3
    [InlineData("f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5")] // RFC 8032 TEST 1024
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    public void The_expanded_keys_scalar_times_the_base_point_is_the_addresss_public_key(string seedHex)
    {
        // What tor does with the key ADD_ONION hands it: the first half is the secret scalar, a = s·B. Between
        // them the seeds have SHA-512(seed)[31] with bit 6 clear (TEST 1: 0x0f) and set (TEST 1024: 0xc8), and
        // bit 7 clear and set, so each clamping step changes the scalar for at least one of them.
        using var key = OnionServiceKey.FromSeed(Hex.Decode(seedHex));
        var expanded = new byte[OnionServiceKey.ExpandedKeyLength];
        key.CopyExpandedKey(expanded);
        var publicKey = new byte[32];

        Assert.Equal(0, Ed25519ScalarMultBaseNoClamp(publicKey, expanded.AsSpan(0, 32)));
        Assert.Equal(key.Address.PublicKey(), publicKey);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void A_public_key_of_the_wrong_size_is_a_caller_bug_that_names_the_size(int length)
    {
        var thrown = Assert.Throws<ArgumentException>(() => OnionAddress.FromPublicKey(new byte[length]));

        Assert.Equal("publicKey", thrown.ParamName);
        Assert.Contains("32 bytes", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parsing_null_is_a_caller_bug()
    {
        Assert.Equal("text", Assert.Throws<ArgumentNullException>(() => OnionAddress.Parse(null!)).ParamName);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("fooba", "mzxw6ytb")] // RFC 4648 §10, lowercase, no padding
    [InlineData("\xff\xff\xff\xff\xff", "77777777")]
    public void Base32_encodes_and_decodes_the_rfc4648_vectors(string data, string encoded)
    {
        var bytes = Encoding.Latin1.GetBytes(data);
        var decoded = new byte[bytes.Length];

        Assert.Equal(encoded, OnionBase32.Encode(bytes));
        Assert.True(OnionBase32.TryDecode(encoded, decoded));
        Assert.Equal(bytes, decoded);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(36)]
    public void Base32_of_a_length_that_is_not_whole_5_bit_groups_is_a_caller_bug(int length)
    {
        var thrown = Assert.Throws<ArgumentException>(() => OnionBase32.Encode(new byte[length]));

        Assert.Equal("data", thrown.ParamName);
        Assert.Contains("5-bit groups", thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mzxw6yt", 5)]
    [InlineData("mzxw6ytb", 4)]
    [InlineData("mzxw6ytb", 6)]
    [InlineData("mzxw6ytba", 5)]
    public void Base32_text_whose_length_does_not_match_the_destination_does_not_decode(string text, int destinationLength)
    {
        var destination = new byte[destinationLength];

        Assert.False(OnionBase32.TryDecode(text, destination));
        Assert.All(destination, b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_generated_seed_is_exactly_the_entropy_handed_in()
    {
        var seed = new byte[OnionServiceKey.SeedLength];
        var expected = new byte[OnionServiceKey.SeedLength];
        new DeterministicEntropy(401).Fill(expected);

        OnionServiceKey.GenerateSeed(new DeterministicEntropy(401), seed);

        Assert.Equal(expected, seed);
    }

    [Fact]
    public void Generating_a_seed_without_entropy_is_a_caller_bug()
    {
        Assert.Equal("entropy", Assert.Throws<ArgumentNullException>(
            () => OnionServiceKey.GenerateSeed(null!, new byte[OnionServiceKey.SeedLength])).ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Generating_into_a_wrong_size_seed_is_a_caller_bug_and_takes_no_entropy(int length)
    {
        var entropy = new CountingEntropy();

        var thrown = Assert.Throws<ArgumentException>(() => OnionServiceKey.GenerateSeed(entropy, new byte[length]));

        Assert.Equal("seed", thrown.ParamName);
        Assert.Contains("onion service seed is 32 bytes", thrown.Message, StringComparison.Ordinal);
        Assert.Equal(0, entropy.BytesTaken);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void A_seed_of_the_wrong_size_is_a_caller_bug_that_says_it_is_the_onion_seed(int length)
    {
        // Not Ed25519's own "Expected 32 bytes." further down: the message says which seed.
        var thrown = Assert.Throws<ArgumentException>(() => OnionServiceKey.FromSeed(new byte[length]));

        Assert.Equal("seed", thrown.ParamName);
        Assert.Contains("onion service seed is 32 bytes", thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(98)]
    [InlineData(100)]
    public void A_key_argument_buffer_of_the_wrong_size_is_a_caller_bug_that_names_the_size(int length)
    {
        using var key = OnionServiceKey.FromSeed(Hex.Decode(Rfc8032Test1Seed));
        Assert.Equal(99, OnionServiceKey.AddOnionKeyArgumentLength);

        var thrown = Assert.Throws<ArgumentException>(() => key.WriteAddOnionKeyArgument(new byte[length]));

        Assert.Equal("destination", thrown.ParamName);
        Assert.Contains("99 bytes", thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(65)]
    public void An_expanded_key_buffer_of_the_wrong_size_is_a_caller_bug_and_receives_nothing(int length)
    {
        using var key = OnionServiceKey.FromSeed(Hex.Decode(Rfc8032Test1Seed));
        var destination = new byte[length];

        var thrown = Assert.Throws<ArgumentException>(() => key.CopyExpandedKey(destination));

        Assert.Equal("destination", thrown.ParamName);
        Assert.Contains("64 bytes", thrown.Message, StringComparison.Ordinal);
        Assert.All(destination, b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_disposed_key_is_wiped_and_gives_out_nothing()
    {
        var key = OnionServiceKey.FromSeed(Hex.Decode(Rfc8032Test1Seed));
        var held = (byte[])typeof(OnionServiceKey).GetField("_expandedKey", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(key)!;
        Assert.Equal(Rfc8032Test1ExpandedKey, Hex.Encode(held));

        key.Dispose();

        Assert.All(held, b => Assert.Equal(0, b));
        var destination = new byte[OnionServiceKey.ExpandedKeyLength];
        Assert.Throws<ObjectDisposedException>(() => key.CopyExpandedKey(destination));
        Assert.All(destination, b => Assert.Equal(0, b));
    }

    [LibraryImport("libsodium", EntryPoint = "crypto_scalarmult_ed25519_base_noclamp")]
    private static partial int Ed25519ScalarMultBaseNoClamp(Span<byte> q, ReadOnlySpan<byte> n);

    private sealed class CountingEntropy : Pvtcoms.Protocol.Crypto.IEntropy
    {
        public int BytesTaken { get; private set; }

        public void Fill(Span<byte> destination)
        {
            BytesTaken += destination.Length;
            destination.Fill(0x5a);
        }
    }
}
