using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Tests.Crypto.Wycheproof;

public sealed class KdfWycheproofTests
{
    /// <summary>valid: Kdf.Hkdf gives okm. invalid (SizeTooLarge, 8161 bytes): Kdf.Hkdf throws ArgumentException.</summary>
    [Fact]
    public void Hkdf_sha256_passes_every_wycheproof_case() =>
        WycheproofFile.Load("hkdf_sha256_test.json").CheckAll(86, c =>
        {
            var size = c.Test.GetProperty("size").GetInt32();
            var okm = new byte[size];
            if (c.IsInvalid)
            {
                if (!c.HasFlag("SizeTooLarge") || size <= Kdf.MaxOutputSize)
                {
                    return "unexpected kind of invalid case";
                }

                try
                {
                    Kdf.Hkdf(c.Bytes("ikm"), c.Bytes("salt"), c.Bytes("info"), okm);
                    return "an output larger than 255 × 32 bytes was produced";
                }
                catch (ArgumentException)
                {
                    return null;
                }
            }

            Kdf.Hkdf(c.Bytes("ikm"), c.Bytes("salt"), c.Bytes("info"), okm);
            return okm.AsSpan().SequenceEqual(c.Bytes("okm")) ? null : "okm differs";
        });

    /// <summary>
    /// Full 256-bit tags: Kdf.Hmac must reproduce a valid tag and differ from a modified one, and VerifyHmac
    /// must agree. Truncated 128-bit tags: VerifyHmac accepts exactly the valid ones.
    /// </summary>
    [Fact]
    public void Hmac_sha256_passes_every_wycheproof_case() =>
        WycheproofFile.Load("hmac_sha256_test.json").CheckAll(174, c =>
        {
            var key = c.Bytes("key");
            var msg = c.Bytes("msg");
            var tag = c.Bytes("tag");
            if (tag.Length * 8 != c.GroupInt("tagSize"))
            {
                return "tag length disagrees with the group's tagSize";
            }

            if (tag.Length == Kdf.HashSize)
            {
                var mac = new byte[Kdf.HashSize];
                Kdf.Hmac(key, msg, mac);
                if (mac.AsSpan().SequenceEqual(tag) != c.IsValid)
                {
                    return "Kdf.Hmac disagrees with the expected result";
                }
            }

            return Kdf.VerifyHmac(key, msg, tag) == c.IsValid ? null : "VerifyHmac disagrees with the expected result";
        });
}
