using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.DirectoryRecords;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.DirectoryRecords;

public sealed class DirectoryRecordTests : IDisposable
{
    private const ulong Epoch = 20_000;
    private const string Onion = "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion:443";

    private readonly IdentityKeyPair _alice = IdentityKeyPair.Generate(new DeterministicEntropy(31));
    private readonly IdentityKeyPair _bob = IdentityKeyPair.Generate(new DeterministicEntropy(32));
    private readonly DeterministicEntropy _entropy = new(33);
    private readonly RelayEndpoint _relay = RelayEndpoint.Parse(Onion).Value;
    private readonly byte[] _bundle = Enumerable.Range(0, 700).Select(i => (byte)i).ToArray();
    private readonly byte[] _introToken = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
    }

    private SealedDirectoryRecord Publish(ulong epoch = Epoch, ulong? expiry = null) =>
        DirectoryRecord.Create(_alice, epoch, expiry ?? epoch + 1, _bundle, _relay, _introToken, _entropy);

    [Fact]
    public void Record_round_trips_for_someone_who_knows_the_identity()
    {
        var sealedRecord = Publish(expiry: Epoch + 3);
        Assert.Equal(DirectoryRecord.ComputeLocator(_alice.PublicKey, Epoch), sealedRecord.Locator);

        var record = DirectoryRecord.Open(_alice.PublicKey, Epoch, sealedRecord.Locator, sealedRecord.Blob).Value;
        Assert.Equal(_alice.PublicKey, record.Identity);
        Assert.Equal(Epoch, record.Epoch);
        Assert.Equal(Epoch + 3, record.ExpiryEpoch);
        Assert.Equal(_bundle, record.PrekeyBundle.ToArray());
        Assert.Equal(_relay, record.Relay);
        Assert.Equal(_introToken, record.IntroToken.ToArray());
    }

    [Fact]
    public void Blob_reveals_neither_the_identity_nor_the_contents()
    {
        var blob = Publish().Blob;
        Assert.False(Contains(blob, _alice.PublicKey.Bytes[..8]));
        Assert.False(Contains(blob, _bundle.AsSpan(0, 8)));
        Assert.False(Contains(blob, "abcdefgh"u8));
        Assert.False(Contains(blob, _introToken.AsSpan(0, 8)));
    }

    [Fact]
    public void Two_publications_use_fresh_nonces()
    {
        var first = Publish();
        var second = Publish();
        Assert.Equal(first.Locator, second.Locator);
        Assert.NotEqual(first.Blob.AsSpan(1, 24).ToArray(), second.Blob.AsSpan(1, 24).ToArray());
    }

    [Fact]
    public void Wrong_identity_cannot_open()
    {
        var sealedRecord = Publish();
        Assert.Equal(ProtocolError.DirectoryLocatorMismatch,
            DirectoryRecord.Open(_bob.PublicKey, Epoch, sealedRecord.Locator, sealedRecord.Blob).Error);
        Assert.Equal(ProtocolError.DecryptionFailed,
            DirectoryRecord.Open(_bob.PublicKey, Epoch, DirectoryRecord.ComputeLocator(_bob.PublicKey, Epoch), sealedRecord.Blob).Error);
    }

    [Fact]
    public void Wrong_or_stale_epoch_cannot_open()
    {
        var sealedRecord = Publish(epoch: Epoch - 1, expiry: Epoch + 5);
        Assert.Equal(ProtocolError.DirectoryLocatorMismatch,
            DirectoryRecord.Open(_alice.PublicKey, Epoch, sealedRecord.Locator, sealedRecord.Blob).Error);
        Assert.Equal(ProtocolError.DecryptionFailed,
            DirectoryRecord.Open(_alice.PublicKey, Epoch, DirectoryRecord.ComputeLocator(_alice.PublicKey, Epoch), sealedRecord.Blob).Error);
    }

    [Fact]
    public void Content_of_a_stale_epoch_sealed_under_the_current_epoch_is_refused()
    {
        var content = DirectoryRecord.BuildContent(_alice, _alice.PublicKey, Epoch - 1, Epoch + 1, _bundle, _relay, _introToken);
        var sealedRecord = DirectoryRecord.SealContent(_alice.PublicKey, Epoch, content, _entropy);
        Assert.Equal(ProtocolError.DirectoryEpochMismatch,
            DirectoryRecord.Open(_alice.PublicKey, Epoch, sealedRecord.Locator, sealedRecord.Blob).Error);
    }

    [Fact]
    public void Record_whose_expiry_precedes_its_epoch_is_refused()
    {
        var content = DirectoryRecord.BuildContent(_alice, _alice.PublicKey, Epoch, Epoch - 1, _bundle, _relay, _introToken);
        var sealedRecord = DirectoryRecord.SealContent(_alice.PublicKey, Epoch, content, _entropy);
        Assert.Equal(ProtocolError.DirectoryRecordExpired,
            DirectoryRecord.Open(_alice.PublicKey, Epoch, sealedRecord.Locator, sealedRecord.Blob).Error);
        Assert.Throws<ArgumentOutOfRangeException>(() => Publish(epoch: Epoch, expiry: Epoch - 1));
    }

    [Fact]
    public void Record_signed_by_another_identity_but_sealed_under_this_identitys_key_is_refused()
    {
        // Bob knows Alice's public key, so he can seal under her key; he cannot sign as her.
        var forged = DirectoryRecord.BuildContent(_bob, _alice.PublicKey, Epoch, Epoch + 1, _bundle, _relay, _introToken);
        var sealedRecord = DirectoryRecord.SealContent(_alice.PublicKey, Epoch, forged, _entropy);
        Assert.Equal(ProtocolError.DirectorySignatureInvalid,
            DirectoryRecord.Open(_alice.PublicKey, Epoch, sealedRecord.Locator, sealedRecord.Blob).Error);
    }

    [Fact]
    public void Record_naming_another_identity_sealed_under_this_identitys_key_is_refused()
    {
        var bobs = DirectoryRecord.BuildContent(_bob, _bob.PublicKey, Epoch, Epoch + 1, _bundle, _relay, _introToken);
        var sealedRecord = DirectoryRecord.SealContent(_alice.PublicKey, Epoch, bobs, _entropy);
        Assert.Equal(ProtocolError.DirectoryIdentityMismatch,
            DirectoryRecord.Open(_alice.PublicKey, Epoch, sealedRecord.Locator, sealedRecord.Blob).Error);
    }

    [Fact]
    public void Every_tampered_byte_of_the_blob_is_refused()
    {
        var sealedRecord = Publish();
        for (var i = 0; i < sealedRecord.Blob.Length; i++)
        {
            var tampered = (byte[])sealedRecord.Blob.Clone();
            tampered[i] ^= 0x01;
            var error = DirectoryRecord.Open(_alice.PublicKey, Epoch, sealedRecord.Locator, tampered).Error;
            Assert.Equal(i == 0 ? ProtocolError.UnsupportedVersion : ProtocolError.DecryptionFailed, error);
        }
    }

    [Fact]
    public void Tampered_locator_is_refused()
    {
        var sealedRecord = Publish();
        var locator = (byte[])sealedRecord.Locator.Clone();
        locator[5] ^= 0x80;
        Assert.Equal(ProtocolError.DirectoryLocatorMismatch, DirectoryRecord.Open(_alice.PublicKey, Epoch, locator, sealedRecord.Blob).Error);
        Assert.Equal(ProtocolError.DirectoryLocatorMismatch, DirectoryRecord.Open(_alice.PublicKey, Epoch, locator.AsSpan(0, 31), sealedRecord.Blob).Error);
    }

    [Fact]
    public void Truncated_and_oversized_blobs_are_refused()
    {
        var sealedRecord = Publish();
        for (var length = 0; length < sealedRecord.Blob.Length; length += 7)
        {
            var error = DirectoryRecord.Open(_alice.PublicKey, Epoch, sealedRecord.Locator, sealedRecord.Blob.AsSpan(0, length)).Error;
            Assert.True(error is ProtocolError.Truncated or ProtocolError.DecryptionFailed, $"{length}: {error}");
        }

        var huge = new byte[DirectoryRecord.MaxSealedLength + 1];
        huge[0] = DirectoryRecord.Version;
        Assert.Equal(ProtocolError.LengthOutOfRange, DirectoryRecord.Open(_alice.PublicKey, Epoch, sealedRecord.Locator, huge).Error);
    }

    [Fact]
    public void Largest_record_round_trips()
    {
        var bundle = new byte[DirectoryRecord.MaxPrekeyBundleLength];
        var relay = RelayEndpoint.Parse(Onion).Value;
        var sealedRecord = DirectoryRecord.Create(_alice, Epoch, ulong.MaxValue, bundle, relay, _introToken, _entropy);
        Assert.True(sealedRecord.Blob.Length <= DirectoryRecord.MaxSealedLength);
        Assert.True(DirectoryRecord.Open(_alice.PublicKey, Epoch, sealedRecord.Locator, sealedRecord.Blob).IsOk);
    }

    [Fact]
    public void Locators_differ_across_epochs_and_identities_and_share_no_more_bytes_than_chance()
    {
        var locators = new List<byte[]>();
        foreach (var identity in new[] { _alice.PublicKey, _bob.PublicKey })
        {
            for (ulong epoch = 0; epoch < 40; epoch++)
            {
                locators.Add(DirectoryRecord.ComputeLocator(identity, Epoch + epoch));
            }
        }

        // Equal bytes at equal positions: 32/256 = 0.125 expected per pair; more than 5 has odds below 1e-5.
        long totalEqual = 0;
        var pairs = 0;
        for (var i = 0; i < locators.Count; i++)
        {
            Assert.False(Contains(locators[i], _alice.PublicKey.Bytes[..4]));
            Assert.False(Contains(locators[i], _bob.PublicKey.Bytes[..4]));
            for (var j = i + 1; j < locators.Count; j++)
            {
                Assert.NotEqual(locators[i], locators[j]);
                var equal = 0;
                for (var k = 0; k < DirectoryRecord.LocatorSize; k++)
                {
                    equal += locators[i][k] == locators[j][k] ? 1 : 0;
                }

                Assert.True(equal <= 5, $"locators {i} and {j} share {equal} bytes");
                Assert.False(SharesWindow(locators[i], locators[j], 4), $"locators {i} and {j} share a 4-byte run");
                totalEqual += equal;
                pairs++;
            }
        }

        var mean = (double)totalEqual / pairs;
        Assert.InRange(mean, 0.06, 0.2);
    }

    [Fact]
    public void Random_blobs_under_a_valid_locator_give_a_typed_error()
    {
        var random = new Random(55);
        var locator = DirectoryRecord.ComputeLocator(_alice.PublicKey, Epoch);
        var template = Publish().Blob;
        for (var i = 0; i < 3000; i++)
        {
            byte[] blob;
            if (i % 2 == 0)
            {
                blob = new byte[random.Next(0, 1200)];
                random.NextBytes(blob);
                if (blob.Length > 0 && i % 4 == 0)
                {
                    blob[0] = DirectoryRecord.Version;
                }
            }
            else
            {
                blob = (byte[])template.Clone();
                blob[random.Next(blob.Length)] = (byte)random.Next(256);
                blob = blob[..random.Next(blob.Length + 1)];
            }

            var result = DirectoryRecord.Open(_alice.PublicKey, Epoch, locator, blob);
            Assert.False(result.IsOk && !blob.AsSpan().SequenceEqual(template));
        }
    }

    [Fact]
    public void Hostile_contents_correctly_sealed_and_signed_give_typed_errors()
    {
        // Whoever holds the identity key could seal anything; the parser must still hold.
        var random = new Random(56);
        for (var i = 0; i < 2000; i++)
        {
            var content = DirectoryRecord.BuildContent(_alice, _alice.PublicKey, Epoch, Epoch + 1, _bundle.AsSpan(0, 1 + random.Next(60)), _relay, _introToken);
            var mutated = random.Next(3) == 0 ? content[..random.Next(content.Length)] : content;
            if (mutated.Length > 0)
            {
                mutated[random.Next(mutated.Length)] ^= (byte)random.Next(1, 256);
            }

            var sealedRecord = DirectoryRecord.SealContent(_alice.PublicKey, Epoch, mutated, _entropy);
            var result = DirectoryRecord.Open(_alice.PublicKey, Epoch, sealedRecord.Locator, sealedRecord.Blob);
            Assert.False(result.IsOk);
        }
    }

    [Fact]
    public void ToString_reveals_no_contents()
    {
        var sealedRecord = Publish();
        var record = DirectoryRecord.Open(_alice.PublicKey, Epoch, sealedRecord.Locator, sealedRecord.Blob).Value;
        var text = record + " " + sealedRecord;
        Assert.DoesNotContain("abcdefgh", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Hex.Encode(_introToken.AsSpan(0, 4)), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Hex.Encode(sealedRecord.Locator.AsSpan(0, 4)), text, StringComparison.OrdinalIgnoreCase);
    }

    private static bool Contains(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle) >= 0;

    private static bool SharesWindow(byte[] a, byte[] b, int size)
    {
        for (var i = 0; i + size <= a.Length; i++)
        {
            if (Contains(b, a.AsSpan(i, size)))
            {
                return true;
            }
        }

        return false;
    }
}
