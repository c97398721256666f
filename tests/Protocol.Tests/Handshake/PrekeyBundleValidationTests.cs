using System.Buffers.Binary;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Tests.Support;
using static Pvtcoms.Protocol.Tests.Handshake.HandshakeParties;

namespace Pvtcoms.Protocol.Tests.Handshake;

public sealed class PrekeyBundleValidationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_bundle_survives_serialization_and_verifies(bool withOneTimePrekey)
    {
        using var prekeys = BobPrekeys(withOneTimePrekey ? 1 : 0);
        var bundle = prekeys.CreateBundle();
        var bytes = bundle.Serialize();

        var parsed = PrekeyBundle.Parse(bytes).Value;

        Assert.Equal(bytes, parsed.Serialize());
        Assert.Equal(ProtocolError.None, parsed.Verify());
        Assert.Equal(PublicKeyOf(Bob), parsed.IdentityKey.ToArray());
        Assert.Equal(prekeys.SignedPrekeyId, parsed.SignedPrekeyId);
        Assert.Equal(prekeys.MlKemPrekeyId, parsed.MlKemPrekeyId);
    }

    [Fact]
    public void A_bundle_signed_by_another_identity_is_refused()
    {
        using var bobs = BobPrekeys(1);
        var bytes = bobs.CreateBundle().Serialize();
        PublicKeyOf(Carol).CopyTo(bytes.AsSpan(BundleLayout.Offset("responder identity key")));

        Assert.Equal(ProtocolError.InvalidPrekeySignature, PrekeyBundle.Parse(bytes).Value.Verify());
    }

    [Fact]
    public void A_signed_ML_KEM_prekey_failing_the_modulus_check_is_refused_even_when_signed()
    {
        using var prekeys = BobPrekeys(0);
        var good = prekeys.CreateBundle();
        var badKey = good.MlKemPrekey.ToArray();
        badKey[0] = 0xFF;
        badKey[1] |= 0x0F; // first 12-bit coefficient = 4095 ≥ q
        var signature = new byte[Ed25519.SignatureSize];
        HandshakeSignatures.SignSignedMlKemPrekey(Bob, good.MlKemPrekeyId, badKey, signature);
        var bundle = new PrekeyBundle(good.IdentityKey, good.SignedPrekeyId, good.SignedPrekey, good.SignedPrekeySignature,
            good.MlKemPrekeyId, badKey, signature, false, 0, default, default, default);

        Assert.Equal(ProtocolError.InvalidEncapsulationKey, bundle.Verify());
        Assert.Equal(ProtocolError.InvalidEncapsulationKey, HybridHandshake.Initiate(Alice, bundle, [], new DeterministicEntropy(1)).Error);
    }

    [Fact]
    public void A_one_time_ML_KEM_key_failing_the_modulus_check_is_refused_even_when_signed()
    {
        using var prekeys = BobPrekeys(1);
        var good = prekeys.CreateBundle();
        var badKey = good.OneTimeMlKemPrekey.ToArray();
        badKey[1] = 0xF0;
        badKey[2] = 0xFF; // second 12-bit coefficient = 4095 ≥ q
        var signature = new byte[Ed25519.SignatureSize];
        HandshakeSignatures.SignOneTimePrekey(Bob, good.OneTimePrekeyId, good.OneTimeX25519Prekey, badKey, signature);
        var bundle = new PrekeyBundle(good.IdentityKey, good.SignedPrekeyId, good.SignedPrekey, good.SignedPrekeySignature,
            good.MlKemPrekeyId, good.MlKemPrekey, good.MlKemPrekeySignature, true, good.OneTimePrekeyId, good.OneTimeX25519Prekey,
            badKey, signature);

        Assert.Equal(ProtocolError.InvalidEncapsulationKey, bundle.Verify());
    }

    [Fact]
    public void A_signed_low_order_X25519_prekey_is_refused_by_initiate()
    {
        using var prekeys = BobPrekeys(0);
        var good = prekeys.CreateBundle();
        var lowOrder = new byte[X25519.PublicKeySize]; // the identity point
        var signature = new byte[Ed25519.SignatureSize];
        HandshakeSignatures.SignSignedX25519Prekey(Bob, good.SignedPrekeyId, lowOrder, signature);
        var bundle = new PrekeyBundle(good.IdentityKey, good.SignedPrekeyId, lowOrder, signature,
            good.MlKemPrekeyId, good.MlKemPrekey, good.MlKemPrekeySignature, false, 0, default, default, default);

        Assert.Equal(ProtocolError.None, bundle.Verify());
        Assert.Equal(ProtocolError.InvalidPublicKey, HybridHandshake.Initiate(Alice, bundle, [], new DeterministicEntropy(1)).Error);
    }

    [Theory]
    [InlineData("responder identity key", 31, ProtocolError.InvalidKeyLength)]
    [InlineData("responder identity key", 33, ProtocolError.InvalidKeyLength)]
    [InlineData("signed prekey", 0, ProtocolError.InvalidKeyLength)]
    [InlineData("ML-KEM encapsulation key", 1183, ProtocolError.InvalidKeyLength)]
    [InlineData("ML-KEM encapsulation key", 1185, ProtocolError.InvalidKeyLength)]
    [InlineData("one-time X25519 prekey", 64, ProtocolError.InvalidKeyLength)]
    [InlineData("one-time ML-KEM encapsulation key", 65535, ProtocolError.InvalidKeyLength)]
    [InlineData("signed prekey signature", 63, ProtocolError.InvalidSignature)]
    [InlineData("one-time prekey signature", 65, ProtocolError.InvalidSignature)]
    public void A_bundle_field_of_the_wrong_declared_length_is_refused(string field, int declaredLength, ProtocolError expected)
    {
        using var prekeys = BobPrekeys(1);
        var bytes = prekeys.CreateBundle().Serialize();
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(BundleLayout.Offset(field) - 2), (ushort)declaredLength);

        Assert.Equal(expected, PrekeyBundle.Parse(bytes).Error);
    }

    [Fact]
    public void Truncated_bundles_are_refused_at_every_length()
    {
        using var prekeys = BobPrekeys(1);
        var bytes = prekeys.CreateBundle().Serialize();
        for (var length = 0; length < bytes.Length; length++)
        {
            var result = PrekeyBundle.Parse(bytes.AsSpan(0, length));
            Assert.False(result.IsOk);
            Assert.True(result.Error is ProtocolError.Truncated, $"length {length}: {result.Error}");
        }
    }

    [Fact]
    public void Trailing_bytes_after_a_bundle_are_refused()
    {
        using var prekeys = BobPrekeys(1);
        var bytes = prekeys.CreateBundle().Serialize();

        Assert.Equal(ProtocolError.TrailingBytes, PrekeyBundle.Parse([.. bytes, 0]).Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(255)]
    public void A_bundle_of_another_version_is_refused(byte version)
    {
        using var prekeys = BobPrekeys(0);
        var bytes = prekeys.CreateBundle().Serialize();
        bytes[0] = version;

        Assert.Equal(ProtocolError.UnsupportedVersion, PrekeyBundle.Parse(bytes).Error);
    }

    [Fact]
    public void A_presence_flag_other_than_zero_or_one_is_refused()
    {
        using var prekeys = BobPrekeys(0);
        var bytes = prekeys.CreateBundle().Serialize();
        bytes[BundleLayout.Offset("one-time presence flag")] = 7;

        Assert.Equal(ProtocolError.InvalidEncoding, PrekeyBundle.Parse(bytes).Error);
    }
}
