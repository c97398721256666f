using System.Buffers.Binary;
using Pvtcoms.Actors.Profiles;

namespace Pvtcoms.Actors.Tests.Profiles;

public sealed class DeviceKeyFileTests
{
    private static readonly byte[] s_keyId = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();

    private static DeviceKeyFile PassphraseFile() => DeviceKeyFile.ForPassphrase(
        s_keyId, Argon2Cost.Default, new byte[16].Select((_, i) => (byte)(0x40 + i)).ToArray(),
        new byte[24].Select((_, i) => (byte)(0x80 + i)).ToArray(), new byte[48].Select((_, i) => (byte)(0xC0 + i)).ToArray());

    [Fact]
    public void A_passphrase_file_has_the_specified_layout()
    {
        var bytes = PassphraseFile().Serialize();

        Assert.Equal(118, bytes.Length);
        Assert.Equal("PVTK"u8.ToArray(), bytes[..4]);
        Assert.Equal(0x01, bytes[4]);
        Assert.Equal(0x01, bytes[5]);
        Assert.Equal(s_keyId, bytes[6..22]);
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(22)));
        Assert.Equal(65536u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(26)));
        Assert.Equal(0x40, bytes[30]);
        Assert.Equal(0x80, bytes[46]);
        Assert.Equal(0xC0, bytes[70]);
    }

    [Fact]
    public void Every_backend_file_round_trips()
    {
        foreach (var file in new[] { PassphraseFile(), DeviceKeyFile.ForDpapi(s_keyId, [1, 2, 3]), DeviceKeyFile.ForSecretService(s_keyId) })
        {
            var bytes = file.Serialize();
            var parsed = DeviceKeyFile.Parse(bytes).Value;

            Assert.Equal(file.Backend, parsed.Backend);
            Assert.Equal(bytes, parsed.Serialize());
        }
    }

    [Fact]
    public void Every_truncation_of_every_file_is_a_typed_error()
    {
        foreach (var file in new[] { PassphraseFile(), DeviceKeyFile.ForDpapi(s_keyId, [1, 2, 3]), DeviceKeyFile.ForSecretService(s_keyId) })
        {
            var bytes = file.Serialize();
            for (var length = 0; length < bytes.Length; length++)
            {
                var result = DeviceKeyFile.Parse(bytes.AsSpan(0, length));
                Assert.Equal(ProfileError.DeviceKeyFileCorrupt, result.Error);
            }
        }
    }

    [Fact]
    public void A_trailing_byte_is_refused()
    {
        Assert.Equal(ProfileError.DeviceKeyFileCorrupt, DeviceKeyFile.Parse([.. PassphraseFile().Serialize(), 0]).Error);
    }

    [Fact]
    public void Wrong_magic_unknown_version_and_unknown_backend_are_told_apart()
    {
        var bytes = PassphraseFile().Serialize();

        var magic = bytes.ToArray();
        magic[0] ^= 1;
        var version = bytes.ToArray();
        version[4] = 2;
        var backend = bytes.ToArray();
        backend[5] = 9;

        Assert.Equal(ProfileError.DeviceKeyFileCorrupt, DeviceKeyFile.Parse(magic).Error);
        Assert.Equal(ProfileError.DeviceKeyFileUnsupportedVersion, DeviceKeyFile.Parse(version).Error);
        Assert.Equal(ProfileError.DeviceKeyFileCorrupt, DeviceKeyFile.Parse(backend).Error);
    }

    [Theory]
    [InlineData(0u, 65536u)]
    [InlineData(17u, 65536u)]
    [InlineData(3u, 7u)]
    [InlineData(3u, 1024u * 1024u + 1u)]
    [InlineData(3u, 100u * 1024u * 1024u)]
    [InlineData(uint.MaxValue, uint.MaxValue)]
    public void Absurd_argon2_costs_in_a_hostile_file_are_refused_before_any_derivation(uint ops, uint memKiB)
    {
        var bytes = PassphraseFile().Serialize();
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(22), ops);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(26), memKiB);

        Assert.Equal(ProfileError.DeviceKeyCostOutOfRange, DeviceKeyFile.Parse(bytes).Error);
    }

    [Fact]
    public void A_dpapi_blob_longer_than_its_bound_is_refused()
    {
        var bytes = new byte[22 + 2 + 4097];
        DeviceKeyFile.ForSecretService(s_keyId).Serialize().CopyTo(bytes, 0);
        bytes[5] = 0x02;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(22), 4097);

        Assert.Equal(ProfileError.DeviceKeyFileCorrupt, DeviceKeyFile.Parse(bytes).Error);
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(4242);
        for (var i = 0; i < 5000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            if (bytes.Length > 6 && random.Next(2) == 0)
            {
                "PVTK"u8.CopyTo(bytes);
                bytes[4] = 1;
                bytes[5] = (byte)random.Next(0, 4);
            }

            var result = DeviceKeyFile.Parse(bytes);
            Assert.True(result.IsOk || result.Error != ProfileError.None);
        }
    }
}
