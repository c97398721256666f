using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Tests.Crypto.Wycheproof;

/// <summary>
/// Our X25519 policy, per Wycheproof flag (every case in the file is checked against it):
/// <list type="bullet">
/// <item>LowOrderPublic, ZeroSharedSecret (and SmallPublicKey, which here always comes with them): refused —
/// TryAgree returns false and zeroes the output. The all-zero result (RFC 7748 §6.1) would let a peer force a
/// known secret.</item>
/// <item>Twist, NonCanonicalPublic, SpecialPublicKey, EdgeCase*: accepted, with exactly the expected secret
/// (RFC 7748 §5 decoding: top bit masked, non-canonical values reduced mod p).</item>
/// </list>
/// So: refused if and only if the expected shared secret is all zero.
/// </summary>
public sealed class X25519WycheproofTests
{
    private static readonly string[] s_refusedFlags = ["LowOrderPublic", "ZeroSharedSecret"];

    [Fact]
    public void X25519_agrees_on_every_safe_case_and_refuses_every_zero_secret() =>
        WycheproofFile.Load("x25519_test.json").CheckAll(518, c =>
        {
            var expected = c.Bytes("shared");
            var shared = new byte[X25519.SharedSecretSize];
            Array.Fill(shared, (byte)0xAA);
            var agreed = X25519.TryAgree(c.Bytes("private"), c.Bytes("public"), shared);
            var mustRefuse = expected.All(b => b == 0);
            if (mustRefuse != s_refusedFlags.Any(c.HasFlag))
            {
                return "flags and the all-zero secret disagree; the policy above needs revisiting";
            }

            if (mustRefuse)
            {
                return !agreed && shared.All(b => b == 0) ? null : "low-order key was not refused";
            }

            if (c.IsInvalid)
            {
                return "file has an invalid X25519 case; policy above needs revisiting";
            }

            return agreed && shared.AsSpan().SequenceEqual(expected) ? null : "shared secret differs";
        });

    [Fact]
    public void Derived_public_key_matches_the_rfc_7748_section_6_1_vector()
    {
        var alicePrivate = Support.Hex.Decode("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        var publicKey = new byte[32];
        X25519.DerivePublicKey(alicePrivate, publicKey);
        Assert.Equal("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", Support.Hex.Encode(publicKey));
    }
}
