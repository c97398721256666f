using System.Text;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Crypto.Algorithms;

public sealed class AtRestSealTests
{
    private static readonly byte[] s_deviceKey = Enumerable.Range(0, AtRestSeal.KeySize).Select(i => (byte)(0x40 + i)).ToArray();
    private static readonly byte[] s_row = "contact-0001"u8.ToArray();
    private static readonly byte[] s_plaintext = "Alice's identity key and notes"u8.ToArray();
    private const string Table = "contacts";

    private static byte[] Seal(string table = Table, byte[]? row = null, byte[]? plaintext = null, int entropySeed = 1) =>
        AtRestSeal.Seal(s_deviceKey, table, row ?? s_row, plaintext ?? s_plaintext, new DeterministicEntropy(entropySeed));

    [Fact]
    public void Sealed_value_opens_in_the_same_table_and_row()
    {
        var sealedBytes = Seal();
        Assert.Equal(s_plaintext.Length + AtRestSeal.Overhead, sealedBytes.Length);
        var opened = AtRestSeal.Open(s_deviceKey, Table, s_row, sealedBytes);
        Assert.True(opened.IsOk);
        Assert.Equal(s_plaintext, opened.Value);
    }

    [Fact]
    public void Empty_plaintext_round_trips()
    {
        var sealedBytes = Seal(plaintext: []);
        Assert.Equal(AtRestSeal.Overhead, sealedBytes.Length);
        Assert.Empty(AtRestSeal.Open(s_deviceKey, Table, s_row, sealedBytes).Value);
    }

    [Fact]
    public void Value_moved_to_another_table_or_row_does_not_open()
    {
        var sealedBytes = Seal();
        Assert.Equal(ProtocolError.DecryptionFailed, AtRestSeal.Open(s_deviceKey, "messages", s_row, sealedBytes).Error);
        Assert.Equal(ProtocolError.DecryptionFailed, AtRestSeal.Open(s_deviceKey, Table, "contact-0002"u8, sealedBytes).Error);
        Assert.Equal(ProtocolError.DecryptionFailed, AtRestSeal.Open(s_deviceKey, Table, [], sealedBytes).Error);
    }

    /// <summary>The length prefixes keep ("ab", "c…") and ("a", "bc…") apart.</summary>
    [Fact]
    public void Table_and_row_boundaries_cannot_be_shifted()
    {
        var sealedBytes = AtRestSeal.Seal(s_deviceKey, "ab", "c1"u8, s_plaintext, new DeterministicEntropy(2));
        Assert.Equal(ProtocolError.DecryptionFailed, AtRestSeal.Open(s_deviceKey, "a", "bc1"u8, sealedBytes).Error);
        Assert.Equal(ProtocolError.DecryptionFailed, AtRestSeal.Open(s_deviceKey, "abc", "1"u8, sealedBytes).Error);
    }

    [Fact]
    public void Two_seals_of_the_same_plaintext_differ_because_the_nonce_is_fresh()
    {
        var entropy = new DeterministicEntropy(3);
        var first = AtRestSeal.Seal(s_deviceKey, Table, s_row, s_plaintext, entropy);
        var second = AtRestSeal.Seal(s_deviceKey, Table, s_row, s_plaintext, entropy);
        Assert.NotEqual(first.AsSpan(1, 24).ToArray(), second.AsSpan(1, 24).ToArray());
        Assert.NotEqual(first.AsSpan(25).ToArray(), second.AsSpan(25).ToArray());
        Assert.Equal(s_plaintext, AtRestSeal.Open(s_deviceKey, Table, s_row, first).Value);
        Assert.Equal(s_plaintext, AtRestSeal.Open(s_deviceKey, Table, s_row, second).Value);
    }

    /// <summary>
    /// Pins the layout in docs/CRYPTO_SPEC.md part 1: 0x01 ‖ nonce(24) ‖ XChaCha20-Poly1305(ct ‖ tag) with
    /// AAD = "pvtcoms/v1/at-rest" ‖ u16 len ‖ table UTF-8 ‖ u16 len ‖ row id (big-endian lengths).
    /// </summary>
    [Fact]
    public void Layout_and_associated_data_are_as_specified()
    {
        var nonce = new byte[24];
        new DeterministicEntropy(4).Fill(nonce);
        var sealedBytes = Seal(table: "bücher", entropySeed: 4);
        Assert.Equal(AtRestSeal.Version, sealedBytes[0]);
        Assert.Equal(0x01, sealedBytes[0]);
        Assert.Equal(nonce, sealedBytes.AsSpan(1, 24).ToArray());

        var table = Encoding.UTF8.GetBytes("bücher");
        byte[] aad = [.. "pvtcoms/v1/at-rest"u8, 0, (byte)table.Length, .. table, 0, (byte)s_row.Length, .. s_row];
        var plaintext = new byte[s_plaintext.Length];
        Assert.True(ChaCha20Poly1305Aead.TryDecryptExtended(s_deviceKey, nonce, sealedBytes.AsSpan(25), aad, plaintext));
        Assert.Equal(s_plaintext, plaintext);
    }

    [Fact]
    public void Wrong_version_byte_is_unsupported_version()
    {
        var sealedBytes = Seal();
        foreach (var version in new byte[] { 0x00, 0x02, 0xFF })
        {
            sealedBytes[0] = version;
            Assert.Equal(ProtocolError.UnsupportedVersion, AtRestSeal.Open(s_deviceKey, Table, s_row, sealedBytes).Error);
        }
    }

    [Fact]
    public void Every_input_shorter_than_the_overhead_is_truncated()
    {
        var sealedBytes = Seal();
        for (var length = 0; length < AtRestSeal.Overhead; length++)
        {
            Assert.Equal(ProtocolError.Truncated, AtRestSeal.Open(s_deviceKey, Table, s_row, sealedBytes.AsSpan(0, length)).Error);
        }

        Assert.Equal(ProtocolError.DecryptionFailed, AtRestSeal.Open(s_deviceKey, Table, s_row, sealedBytes.AsSpan(0, AtRestSeal.Overhead)).Error);
    }

    [Fact]
    public void Flipping_any_bit_after_the_version_makes_open_fail()
    {
        var sealedBytes = Seal();
        for (var bit = 8; bit < sealedBytes.Length * 8; bit++)
        {
            var tampered = (byte[])sealedBytes.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Equal(ProtocolError.DecryptionFailed, AtRestSeal.Open(s_deviceKey, Table, s_row, tampered).Error);
        }
    }

    [Fact]
    public void A_different_device_key_does_not_open()
    {
        var otherKey = (byte[])s_deviceKey.Clone();
        otherKey[0] ^= 1;
        Assert.Equal(ProtocolError.DecryptionFailed, AtRestSeal.Open(otherKey, Table, s_row, Seal()).Error);
    }

    [Fact]
    public void Table_name_longer_than_the_bound_is_a_caller_bug()
    {
        var longName = new string('t', AtRestSeal.MaxNameLength + 1);
        Assert.Throws<ArgumentException>(() => Seal(table: longName));
        Assert.True(AtRestSeal.Open(s_deviceKey, new string('t', AtRestSeal.MaxNameLength), s_row,
            Seal(table: new string('t', AtRestSeal.MaxNameLength))).IsOk);
    }
}
