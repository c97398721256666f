using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Tests.Crypto.Wycheproof;

public sealed class Ed25519WycheproofTests
{
    [Fact]
    public void Ed25519_verifies_every_valid_signature_and_no_invalid_one() =>
        WycheproofFile.Load("ed25519_test.json").CheckAll(151, c =>
        {
            var publicKey = Support.Hex.Decode(c.Group.GetProperty("publicKey").GetProperty("pk").GetString());
            var verified = Ed25519.Verify(publicKey, c.Bytes("msg"), c.Bytes("sig"));
            return verified == c.IsValid ? null : (verified ? "invalid signature verified" : "valid signature rejected");
        });

    [Fact]
    public void Signing_matches_rfc_8032_test_1_and_verifies()
    {
        var seed = Support.Hex.Decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        var publicKey = new byte[Ed25519.PublicKeySize];
        var signature = new byte[Ed25519.SignatureSize];
        Ed25519.DerivePublicKey(seed, publicKey);
        Ed25519.Sign(seed, [], signature);
        Assert.Equal("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Support.Hex.Encode(publicKey));
        Assert.Equal("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            Support.Hex.Encode(signature));
        Assert.True(Ed25519.Verify(publicKey, [], signature));
        signature[0] ^= 1;
        Assert.False(Ed25519.Verify(publicKey, [], signature));
    }
}
