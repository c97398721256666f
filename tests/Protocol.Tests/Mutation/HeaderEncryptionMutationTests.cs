using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Ratchet;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// Header encryption (docs/CRYPTO_SPEC.md part 3 §3) and the per-session cache of hek: hek and the synthetic nonce
/// recomputed here with the BCL's HMAC, and the cache answering for the header key it is asked about — the all-zero
/// key included, before the first use and after <see cref="HeaderAeadKeyCache.Clear"/>.
/// </summary>
public sealed class HeaderEncryptionMutationTests
{
    [Fact]
    public void The_cache_derives_hek_for_an_all_zero_header_key_on_first_use()
    {
        var cache = new HeaderAeadKeyCache();
        var zeroKey = new byte[32];

        Assert.Equal(Hek(zeroKey), cache.AeadKeyFor(zeroKey).ToArray());
    }

    [Fact]
    public void The_cache_derives_hek_afresh_for_an_all_zero_header_key_after_being_cleared()
    {
        var cache = new HeaderAeadKeyCache();
        var zeroKey = new byte[32];
        Assert.Equal(Hek(zeroKey), cache.AeadKeyFor(zeroKey).ToArray());

        cache.Clear();

        Assert.False(cache.BufferForTest.AsSpan().ContainsAnyExcept((byte)0));
        Assert.Equal(Hek(zeroKey), cache.AeadKeyFor(zeroKey).ToArray());
    }

    [Fact]
    public void The_cache_answers_for_each_header_key_it_is_asked_about_in_turn()
    {
        var cache = new HeaderAeadKeyCache();
        var first = RatchetStateImage.Key(31, 1);
        var second = RatchetStateImage.Key(31, 2);
        var zeroKey = new byte[32];

        Assert.Equal(Hek(first), cache.AeadKeyFor(first).ToArray());
        Assert.Equal(Hek(first), cache.AeadKeyFor(first).ToArray());
        Assert.Equal(first, cache.BufferForTest[..32]);
        Assert.Equal(Hek(zeroKey), cache.AeadKeyFor(zeroKey).ToArray());
        Assert.Equal(Hek(second), cache.AeadKeyFor(second).ToArray());
        Assert.Equal(Hek(first), cache.AeadKeyFor(first).ToArray());
    }

    [Fact]
    public void A_sealed_header_is_the_synthetic_nonce_then_xchacha_under_hek_with_the_version_as_ad()
    {
        var headerKey = RatchetStateImage.Key(32, 1);
        var header = new byte[RatchetLimits.HeaderPlaintextSize];
        RatchetHeader.Write(RatchetStateImage.Key(32, 2), 7, 11, header);
        var sealedHeader = new byte[RatchetLimits.EncryptedHeaderSize];

        HeaderEncryption.Seal(headerKey, header, RatchetLimits.MessageVersion, sealedHeader, observer: null);

        var nonceMac = HMACSHA256.HashData(headerKey, (byte[])[.. "pvtcoms/v1/ratchet-header-nonce"u8, .. header]);
        Assert.Equal(nonceMac[..24], sealedHeader[..24]);
        var opened = new byte[header.Length];
        Assert.True(ChaCha20Poly1305Aead.TryDecryptExtended(Hek(headerKey), sealedHeader.AsSpan(0, 24), sealedHeader.AsSpan(24),
            [RatchetLimits.MessageVersion], opened));
        Assert.Equal(header, opened);
        Assert.False(HeaderEncryption.TryOpen(headerKey, sealedHeader, 2, opened));
        Assert.True(HeaderEncryption.TryOpen(headerKey, sealedHeader, RatchetLimits.MessageVersion, opened));
        Assert.Equal(header, opened);
    }

    /// <summary>hek = HMAC-SHA-256(HK, "pvtcoms/v1/ratchet-header-key"), computed with the BCL.</summary>
    private static byte[] Hek(byte[] headerKey) => HMACSHA256.HashData(headerKey, "pvtcoms/v1/ratchet-header-key"u8);
}
