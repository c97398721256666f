using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Protocol.Sessions;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// The intro envelope against an independent implementation of docs/CRYPTO_SPEC.md part 6 §1
/// (<see cref="FirstContactMutationParties"/>), its caller checks, and the refusals in its Open order.
/// </summary>
public sealed class IntroEnvelopeMutationTests
{
    private static readonly byte[] s_aliceSeed = FirstContactMutationParties.IdentitySeed(1);

    [Fact]
    public void An_envelope_the_code_seals_opens_under_the_key_the_spec_derives()
    {
        var entropy = new DeterministicEntropy(301);
        var (prekeys, bundle) = FirstContactMutationParties.Bob(entropy);
        using var ownedPrekeys = prekeys;
        var topBits = new HashSet<int>();
        for (var i = 0; i < 12; i++)
        {
            var (envelope, alice) = FirstContact.Initiate(s_aliceSeed, bundle, "spec"u8, entropy).Value;
            alice.Dispose();

            var bySpec = FirstContactMutationParties.OpenPerSpec(prekeys, envelope);
            Assert.NotNull(bySpec);
            Assert.Equal(IntroEnvelope.Open(prekeys, envelope).Value, bySpec);
            Assert.True(InitialMessage.Parse(bySpec).IsOk);
            topBits.Add(envelope[1 + 31] & 0x80);
        }

        // Bit 7 of E[31] is random, so that byte is uniform like the rest of the blob.
        Assert.Equal([0, 0x80], topBits.Order());
    }

    [Fact]
    public void An_envelope_sealed_by_the_spec_opens_in_the_code()
    {
        var entropy = new DeterministicEntropy(302);
        var (prekeys, bundle) = FirstContactMutationParties.Bob(entropy);
        using var ownedPrekeys = prekeys;
        var initialMessage = new byte[700];
        entropy.Fill(initialMessage);

        var envelope = FirstContactMutationParties.SealPerSpec(bundle.SignedPrekey, initialMessage, entropy);

        Assert.Equal(RelayLimits.Bucket1KiB, envelope.Length);
        Assert.Equal(initialMessage, IntroEnvelope.Open(prekeys, envelope).Value);
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0100000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000080")]
    [InlineData("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800")]
    public void An_envelope_from_a_low_order_ephemeral_key_is_refused_even_under_the_all_zero_key(string lowOrderPoint)
    {
        var entropy = new DeterministicEntropy(303);
        var (prekeys, _) = FirstContactMutationParties.Bob(entropy);
        using var ownedPrekeys = prekeys;
        var padded = BucketPadding.Pad("forged"u8, FirstContactMutationParties.EnvelopeOverhead);

        // X25519 with a low-order point is all zeros and refused; if that were ignored, the key would be whatever
        // the buffer held (zeros) and a forger would know it.
        var forged = FirstContactMutationParties.SealUnder(new byte[32], Hex.Decode(lowOrderPoint), padded);

        Assert.Equal(ProtocolError.DecryptionFailed, IntroEnvelope.Open(prekeys, forged).Error);
    }

    [Fact]
    public void Sealing_without_a_bundle_or_entropy_is_a_caller_bug()
    {
        var entropy = new DeterministicEntropy(304);
        var (prekeys, bundle) = FirstContactMutationParties.Bob(entropy);
        using var ownedPrekeys = prekeys;

        Assert.Equal("bundle", Assert.Throws<ArgumentNullException>(() => IntroEnvelope.Seal(null!, "m"u8, entropy)).ParamName);
        Assert.Equal("entropy", Assert.Throws<ArgumentNullException>(() => IntroEnvelope.Seal(bundle, "m"u8, null!)).ParamName);
    }

    [Fact]
    public void Sealing_to_an_unusable_signed_prekey_throws_and_names_the_bundle()
    {
        var entropy = new DeterministicEntropy(305);
        var (prekeys, bundle) = FirstContactMutationParties.Bob(entropy);
        using var ownedPrekeys = prekeys;
        var bytes = bundle.Serialize();
        var prekeyAt = bytes.AsSpan().IndexOf(bundle.SignedPrekey);
        bytes.AsSpan(prekeyAt, 32).Clear();
        var lowOrder = PrekeyBundle.Parse(bytes).Value;

        var thrown = Assert.Throws<ArgumentException>(() => IntroEnvelope.Seal(lowOrder, "m"u8, entropy));

        Assert.Equal("bundle", thrown.ParamName);
        Assert.Contains("verify the bundle first", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opening_without_prekeys_is_a_caller_bug_even_for_a_well_formed_envelope()
    {
        var entropy = new DeterministicEntropy(306);
        var (prekeys, bundle) = FirstContactMutationParties.Bob(entropy);
        using var ownedPrekeys = prekeys;
        var envelope = FirstContactMutationParties.SealPerSpec(bundle.SignedPrekey, "m"u8, entropy);

        Assert.Equal("prekeys", Assert.Throws<ArgumentNullException>(() => IntroEnvelope.Open(null!, envelope)).ParamName);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void An_envelope_one_byte_off_a_bucket_is_refused_by_its_length(int delta)
    {
        var entropy = new DeterministicEntropy(307);
        var (prekeys, bundle) = FirstContactMutationParties.Bob(entropy);
        using var ownedPrekeys = prekeys;
        var envelope = FirstContactMutationParties.SealPerSpec(bundle.SignedPrekey, "m"u8, entropy);
        var resized = new byte[envelope.Length + delta];
        envelope.AsSpan(0, Math.Min(envelope.Length, resized.Length)).CopyTo(resized);

        Assert.Equal(ProtocolError.NotABucketSize, IntroEnvelope.Open(prekeys, resized).Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(255)]
    public void An_envelope_with_another_version_is_refused_by_its_version(byte version)
    {
        var entropy = new DeterministicEntropy(308);
        var (prekeys, bundle) = FirstContactMutationParties.Bob(entropy);
        using var ownedPrekeys = prekeys;
        var envelope = FirstContactMutationParties.SealPerSpec(bundle.SignedPrekey, "m"u8, entropy);
        envelope[0] = version;

        Assert.Equal(ProtocolError.UnsupportedVersion, IntroEnvelope.Open(prekeys, envelope).Error);
    }
}
