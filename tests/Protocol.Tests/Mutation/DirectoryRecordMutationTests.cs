using System.Buffers.Binary;
using System.Security.Cryptography;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.DirectoryRecords;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// The directory record against its spec recomputed here (locator, key, associated data, signed message:
/// a record that round-trips with itself could still use the wrong key or AAD), its caller checks with their
/// parameter names and messages, and the exact bounds of Open (largest blob, shortest body, expiry = epoch).
/// </summary>
public sealed class DirectoryRecordMutationTests : IDisposable
{
    private const ulong Epoch = 20_000;

    private readonly IdentityKeyPair _alice = IdentityKeyPair.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private readonly DeterministicEntropy _entropy = new(71);
    private readonly RelayEndpoint _relay = RelayEndpoint.Parse("abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion:443").Value;
    private readonly byte[] _bundle = Enumerable.Range(0, 300).Select(i => (byte)(i * 7)).ToArray();
    private readonly byte[] _introToken = Enumerable.Range(200, 32).Select(i => (byte)i).ToArray();

    public void Dispose() => _alice.Dispose();

    [Fact]
    public void Sealed_record_decrypts_under_the_specified_key_nonce_and_associated_data_to_the_specified_content()
    {
        var sealedRecord = DirectoryRecord.Create(_alice, Epoch, Epoch + 2, _bundle, _relay, _introToken, _entropy);

        // prk = HKDF-Extract(salt = epoch u64 BE, ikm = identity); locator, key = HKDF-Expand(prk, label, 32).
        var salt = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(salt, Epoch);
        var prk = HKDF.Extract(HashAlgorithmName.SHA256, _alice.PublicKey.ToArray(), salt);
        var locator = HKDF.Expand(HashAlgorithmName.SHA256, prk, 32, "pvtcoms/v1/directory/locator"u8.ToArray());
        var key = HKDF.Expand(HashAlgorithmName.SHA256, prk, 32, "pvtcoms/v1/directory/key"u8.ToArray());
        Assert.Equal(locator, sealedRecord.Locator);
        Assert.Equal(locator, DirectoryRecord.ComputeLocator(_alice.PublicKey, Epoch));

        // blob = version ‖ nonce (24) ‖ XChaCha20-Poly1305(key, nonce, content, aad = label ‖ version ‖ locator).
        var blob = sealedRecord.Blob;
        Assert.Equal(DirectoryRecord.Version, blob[0]);
        byte[] aad = [.. "pvtcoms/v1/directory/aad"u8, DirectoryRecord.Version, .. locator];
        var content = new byte[blob.Length - DirectoryRecord.SealOverhead];
        Assert.True(ChaCha20Poly1305Aead.TryDecryptExtended(key, blob.AsSpan(1, 24), blob.AsSpan(25), aad, content));

        // content = 1 ‖ identity ‖ epoch ‖ expiry ‖ u16 len ‖ bundle ‖ u8 len ‖ relay ‖ intro token ‖ signature.
        var relay = _relay.ToBytes();
        var expected = new List<byte> { DirectoryRecord.ContentVersion };
        expected.AddRange(_alice.PublicKey.ToArray());
        expected.AddRange(BigEndian(Epoch));
        expected.AddRange(BigEndian(Epoch + 2));
        expected.AddRange(new[] { (byte)(_bundle.Length >> 8), (byte)_bundle.Length });
        expected.AddRange(_bundle);
        expected.Add((byte)relay.Length);
        expected.AddRange(relay);
        expected.AddRange(_introToken);
        Assert.Equal(expected.Count + Ed25519.SignatureSize, content.Length);
        Assert.Equal(expected, content.AsSpan(0, expected.Count).ToArray());

        // The signature covers "pvtcoms/v1/directory/signature" ‖ every content byte before it.
        byte[] signed = [.. "pvtcoms/v1/directory/signature"u8, .. expected];
        Assert.True(_alice.PublicKey.Verify(signed, content.AsSpan(expected.Count)));
    }

    [Fact]
    public void A_record_sealed_by_hand_as_the_spec_says_opens()
    {
        // The inverse direction: a foreign implementation following the spec produces a blob Open accepts.
        var content = DirectoryRecord.BuildContent(_alice, _alice.PublicKey, Epoch, Epoch, _bundle, _relay, _introToken);
        var salt = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(salt, Epoch);
        var prk = HKDF.Extract(HashAlgorithmName.SHA256, _alice.PublicKey.ToArray(), salt);
        var locator = HKDF.Expand(HashAlgorithmName.SHA256, prk, 32, "pvtcoms/v1/directory/locator"u8.ToArray());
        var key = HKDF.Expand(HashAlgorithmName.SHA256, prk, 32, "pvtcoms/v1/directory/key"u8.ToArray());
        byte[] aad = [.. "pvtcoms/v1/directory/aad"u8, 1, .. locator];
        var blob = new byte[DirectoryRecord.SealOverhead + content.Length];
        blob[0] = 1;
        blob.AsSpan(1, 24).Fill(0x5A);
        ChaCha20Poly1305Aead.EncryptExtended(key, blob.AsSpan(1, 24), content, aad, blob.AsSpan(25));

        var record = DirectoryRecord.Open(_alice.PublicKey, Epoch, locator, blob).Value;
        Assert.Equal(_bundle, record.PrekeyBundle.ToArray());
        Assert.Equal(_introToken, record.IntroToken.ToArray());
    }

    [Fact]
    public void A_record_expiring_in_its_own_epoch_is_created_and_opened()
    {
        var sealedRecord = DirectoryRecord.Create(_alice, Epoch, Epoch, _bundle, _relay, _introToken, _entropy);
        var record = DirectoryRecord.Open(_alice.PublicKey, Epoch, sealedRecord.Locator, sealedRecord.Blob).Value;
        Assert.Equal(Epoch, record.Epoch);
        Assert.Equal(Epoch, record.ExpiryEpoch);
    }

    [Fact]
    public void An_expiry_before_the_epoch_is_refused_with_its_parameter_name_and_reason()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            DirectoryRecord.Create(_alice, Epoch, Epoch - 1, _bundle, _relay, _introToken, _entropy));
        Assert.Equal("expiryEpoch", error.ParamName);
        Assert.StartsWith("Expiry epoch must not precede the epoch.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_arguments_are_refused_naming_the_argument()
    {
        Assert.Equal("identity", Assert.Throws<ArgumentNullException>(() => DirectoryRecord.ComputeLocator(null!, Epoch)).ParamName);
        Assert.Equal("identity", Assert.Throws<ArgumentNullException>(() =>
            DirectoryRecord.Create(null!, Epoch, Epoch, _bundle, _relay, _introToken, _entropy)).ParamName);
        Assert.Equal("entropy", Assert.Throws<ArgumentNullException>(() =>
            DirectoryRecord.Create(_alice, Epoch, Epoch, _bundle, _relay, _introToken, null!)).ParamName);
        Assert.Equal("relay", Assert.Throws<ArgumentNullException>(() =>
            DirectoryRecord.Create(_alice, Epoch, Epoch, _bundle, null!, _introToken, _entropy)).ParamName);
        var locator = DirectoryRecord.ComputeLocator(_alice.PublicKey, Epoch);
        Assert.Equal("expected", Assert.Throws<ArgumentNullException>(() =>
            DirectoryRecord.Open(null!, Epoch, locator, new byte[200])).ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(DirectoryRecord.MaxPrekeyBundleLength + 1)]
    public void A_prekey_bundle_empty_or_over_the_bound_is_refused(int length)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            DirectoryRecord.Create(_alice, Epoch, Epoch, new byte[length], _relay, _introToken, _entropy));
        Assert.Equal("prekeyBundle", error.ParamName);
        Assert.StartsWith($"Prekey bundle must be 1..{DirectoryRecord.MaxPrekeyBundleLength} bytes.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(DirectoryRecord.IntroTokenSize - 1)]
    [InlineData(DirectoryRecord.IntroTokenSize + 1)]
    public void An_intro_token_of_the_wrong_size_is_refused(int length)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            DirectoryRecord.Create(_alice, Epoch, Epoch, _bundle, _relay, new byte[length], _entropy));
        Assert.Equal("introToken", error.ParamName);
        Assert.StartsWith("Expected 32 bytes.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blob_of_exactly_the_largest_sealed_length_is_decrypted_and_one_byte_more_is_not()
    {
        var locator = DirectoryRecord.ComputeLocator(_alice.PublicKey, Epoch);
        var blob = new byte[DirectoryRecord.MaxSealedLength + 1];
        blob[0] = DirectoryRecord.Version;
        Assert.Equal(ProtocolError.DecryptionFailed, DirectoryRecord.Open(_alice.PublicKey, Epoch, locator, blob.AsSpan(0, DirectoryRecord.MaxSealedLength)).Error);
        Assert.Equal(ProtocolError.LengthOutOfRange, DirectoryRecord.Open(_alice.PublicKey, Epoch, locator, blob).Error);
    }

    [Fact]
    public void A_blob_one_byte_shorter_than_the_shortest_record_is_truncated_and_the_shortest_is_decrypted()
    {
        var locator = DirectoryRecord.ComputeLocator(_alice.PublicKey, Epoch);
        var shortest = 1 + ChaCha20Poly1305Aead.XNonceSize + DirectoryRecord.MinContentLength + ChaCha20Poly1305Aead.TagSize;
        var blob = new byte[shortest];
        blob[0] = DirectoryRecord.Version;
        Assert.Equal(ProtocolError.DecryptionFailed, DirectoryRecord.Open(_alice.PublicKey, Epoch, locator, blob).Error);
        Assert.Equal(ProtocolError.Truncated, DirectoryRecord.Open(_alice.PublicKey, Epoch, locator, blob.AsSpan(0, shortest - 1)).Error);
        Assert.Equal(ProtocolError.Truncated, DirectoryRecord.Open(_alice.PublicKey, Epoch, locator, blob.AsSpan(0, 1 + ChaCha20Poly1305Aead.XNonceSize)).Error);
    }

    [Fact]
    public void ToString_shows_the_public_fingerprint_and_epochs_only()
    {
        var sealedRecord = DirectoryRecord.Create(_alice, Epoch, Epoch + 4, _bundle, _relay, _introToken, _entropy);
        var record = DirectoryRecord.Open(_alice.PublicKey, Epoch, sealedRecord.Locator, sealedRecord.Blob).Value;
        Assert.Equal($"DirectoryRecord({_alice.PublicKey.Fingerprint}, epoch 20000..20004)", record.ToString());
        Assert.Equal($"SealedDirectoryRecord({sealedRecord.Blob.Length} bytes)", sealedRecord.ToString());
    }

    private static byte[] BigEndian(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }
}
