using System.Security.Cryptography;
using System.Text;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Tests.Identity;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// The caller checks of the Identity types with their parameter names and messages, the fingerprint and the
/// migration signatures pinned against CRYPTO_SPEC part 4 (computed here with .NET's SHA-256 and checked with
/// Ed25519 over the spec's label ‖ body), the null cases of <c>==</c>, a first key accepted on an unknown
/// pin, and every <c>ToString</c>.
/// </summary>
public sealed class IdentityMutationTests : IDisposable
{
    private readonly IdentityKeyPair _k1 = IdentityTestKeys.Pair(101);
    private readonly IdentityKeyPair _k2 = IdentityTestKeys.Pair(102);

    public void Dispose()
    {
        _k1.Dispose();
        _k2.Dispose();
    }

    [Fact]
    public void A_pin_refuses_a_null_presented_key_even_when_nothing_is_pinned()
    {
        var e = Assert.Throws<ArgumentNullException>(() => ContactPin.Unknown.Observe(null!));
        Assert.Equal("presented", e.ParamName);
    }

    [Fact]
    public void An_unknown_pin_refuses_to_verify_a_null_key()
    {
        var e = Assert.Throws<ArgumentNullException>(() => ContactPin.Unknown.MarkVerified(null!));
        Assert.Equal("comparedKey", e.ParamName);
    }

    [Fact]
    public void An_unknown_pin_refuses_to_accept_a_null_key()
    {
        var e = Assert.Throws<ArgumentNullException>(() => ContactPin.Unknown.AcceptNewKey(null!, verified: false));
        Assert.Equal("newKey", e.ParamName);
    }

    [Fact]
    public void An_unknown_pin_refuses_a_null_migration_rather_than_reporting_it_unpinned()
    {
        var e = Assert.Throws<ArgumentNullException>(() => ContactPin.Unknown.ApplyMigration(null!));
        Assert.Equal("migration", e.ParamName);
    }

    [Theory]
    [InlineData(false, PinState.Tofu)]
    [InlineData(true, PinState.Verified)]
    public void Accepting_a_first_key_on_an_unknown_pin_is_not_recorded_as_a_change(bool verified, PinState expected)
    {
        var pin = ContactPin.Unknown.AcceptNewKey(_k1.PublicKey, verified);
        Assert.Equal(expected, pin.State);
        Assert.Equal(_k1.PublicKey, pin.Key);
        Assert.Equal(PinChange.None, pin.LastChange);
        Assert.Equal(0UL, pin.MigrationSequence);
    }

    [Fact]
    public void Pin_and_observation_ToString_are_pinned()
    {
        Assert.Equal("ContactPin(Unknown)", ContactPin.Unknown.ToString());
        var observation = ContactPin.Unknown.Observe(_k1.PublicKey);
        var fingerprint = _k1.PublicKey.Fingerprint;
        Assert.Equal($"ContactPin(Tofu, {fingerprint}, None, #0)", observation.Pin.ToString());
        Assert.Equal($"PinObservation(FirstSeen, {fingerprint})", observation.ToString());
    }

    [Fact]
    public void Key_and_pair_ToString_are_pinned()
    {
        var fingerprint = _k1.PublicKey.Fingerprint;
        Assert.Equal($"IdentityKey({fingerprint})", _k1.PublicKey.ToString());
        Assert.Equal($"IdentityKeyPair({fingerprint})", _k1.ToString());
    }

    [Fact]
    public void The_fingerprint_is_the_spec_sha256_of_label_and_key_in_four_hex_groups()
    {
        var key = _k1.PublicKey;
        var digest = SHA256.HashData([.. Encoding.ASCII.GetBytes("pvtcoms/v1/identity-fingerprint"), .. key.Bytes]);
        var hex = Convert.ToHexStringLower(digest.AsSpan(0, IdentityKey.FingerprintSize));
        Assert.Equal($"{hex[..4]} {hex[4..8]} {hex[8..12]} {hex[12..16]}", key.Fingerprint);
    }

    [Fact]
    public void FromBytes_refuses_a_wrong_length_with_its_own_message()
    {
        foreach (var length in new[] { 31, 33 })
        {
            var e = Assert.Throws<ArgumentException>(() => IdentityKey.FromBytes(new byte[length]));
            Assert.Equal("bytes", e.ParamName);
            Assert.StartsWith("Expected 32 bytes.", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CompareTo_refuses_null_naming_the_parameter()
    {
        var e = Assert.Throws<ArgumentNullException>(() => _k1.PublicKey.CompareTo(null!));
        Assert.Equal("other", e.ParamName);
    }

    [Fact]
    public void The_equality_operator_handles_null_on_either_side()
    {
        IdentityKey? none = null;
        IdentityKey? alsoNone = null;
        Assert.True(none == alsoNone);
        Assert.False(none == _k1.PublicKey);
        Assert.False(_k1.PublicKey == none);
        Assert.True(none != _k1.PublicKey);
        Assert.False(none != alsoNone);
    }

    [Fact]
    public void FromSeed_refuses_a_wrong_length_with_its_message()
    {
        var e = Assert.Throws<ArgumentException>(() => IdentityKeyPair.FromSeed(new byte[31]));
        Assert.Equal("seed", e.ParamName);
        Assert.StartsWith("Expected 32 bytes.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportSeed_refuses_a_destination_of_the_wrong_size_even_a_larger_one()
    {
        foreach (var length in new[] { 31, 33 })
        {
            var destination = new byte[length];
            var e = Assert.Throws<ArgumentException>(() => _k1.ExportSeed(destination));
            Assert.Equal("destination", e.ParamName);
            Assert.StartsWith("Expected 32 bytes.", e.Message, StringComparison.Ordinal);
            Assert.All(destination, b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public void Migration_Create_refuses_null_identities_naming_them()
    {
        var e1 = Assert.Throws<ArgumentNullException>(() => IdentityMigration.Create(null!, _k2, 1));
        Assert.Equal("oldIdentity", e1.ParamName);
        var e2 = Assert.Throws<ArgumentNullException>(() => IdentityMigration.Create(_k1, null!, 1));
        Assert.Equal("newIdentity", e2.ParamName);
    }

    [Fact]
    public void Migration_Create_refuses_the_same_identity_with_its_message()
    {
        using var same = IdentityTestKeys.Pair(101);
        var e = Assert.Throws<ArgumentException>(() => IdentityMigration.Create(_k1, same, 1));
        Assert.Equal("newIdentity", e.ParamName);
        Assert.StartsWith("A migration needs two different identities.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Migration_signatures_are_over_the_spec_labels_and_body()
    {
        const ulong sequence = 0x0102030405060708;
        var migration = IdentityMigration.Create(_k1, _k2, sequence);
        var wire = migration.Serialize();

        byte[] body = [IdentityMigration.Version, .. _k1.PublicKey.Bytes, .. _k2.PublicKey.Bytes, 1, 2, 3, 4, 5, 6, 7, 8];
        Assert.Equal(Convert.ToHexStringLower(body), Convert.ToHexStringLower(wire.AsSpan(0, IdentityMigration.BodySize)));
        var oldSigned = Encoding.ASCII.GetBytes("pvtcoms/v1/identity-migration/old-signs").Concat(body).ToArray();
        var newSigned = Encoding.ASCII.GetBytes("pvtcoms/v1/identity-migration/new-countersigns").Concat(body).ToArray();
        var oldSignature = wire.AsSpan(IdentityMigration.BodySize, Ed25519.SignatureSize).ToArray();
        var newSignature = wire.AsSpan(IdentityMigration.BodySize + Ed25519.SignatureSize).ToArray();

        Assert.True(Ed25519.Verify(_k1.PublicKey.Bytes, oldSigned, oldSignature));
        Assert.True(Ed25519.Verify(_k2.PublicKey.Bytes, newSigned, newSignature));

        // Ed25519 is deterministic: signatures made by hand over the spec's messages are byte-identical,
        // and a migration assembled from them verifies.
        Assert.Equal(Convert.ToHexStringLower(_k1.Sign(oldSigned)), Convert.ToHexStringLower(oldSignature));
        Assert.Equal(Convert.ToHexStringLower(_k2.Sign(newSigned)), Convert.ToHexStringLower(newSignature));
        var handMade = IdentityMigration.Parse([.. body, .. _k1.Sign(oldSigned), .. _k2.Sign(newSigned)]).Value;
        Assert.Equal(ProtocolError.None, handMade.Verify());
    }

    [Fact]
    public void Migration_ToString_shows_both_fingerprints_and_the_sequence()
    {
        var migration = IdentityMigration.Create(_k1, _k2, 7);
        Assert.Equal($"IdentityMigration({_k1.PublicKey.Fingerprint} -> {_k2.PublicKey.Fingerprint}, #7)", migration.ToString());
    }

    [Fact]
    public void Safety_number_refuses_null_keys_naming_them()
    {
        var e1 = Assert.Throws<ArgumentNullException>(() => SafetyNumber.Compute(null!, _k2.PublicKey));
        Assert.Equal("first", e1.ParamName);
        var e2 = Assert.Throws<ArgumentNullException>(() => SafetyNumber.Compute(_k1.PublicKey, null!));
        Assert.Equal("second", e2.ParamName);
    }

    [Fact]
    public void Matching_digits_refuses_null_naming_the_parameter()
    {
        var number = SafetyNumber.Compute(_k1.PublicKey, _k2.PublicKey);
        var e = Assert.Throws<ArgumentNullException>(() => number.MatchesDigits(null!));
        Assert.Equal("typedDigits", e.ParamName);
    }
}
