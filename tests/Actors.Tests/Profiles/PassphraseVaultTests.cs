using System.Buffers.Binary;
using Pvtcoms.Actors.Profiles;
using Pvtcoms.Actors.Tests.Profiles.Support;

namespace Pvtcoms.Actors.Tests.Profiles;

public sealed class PassphraseVaultTests
{
    private static Passphrase Pass(string text) => Passphrase.FromString(text);

    [Fact]
    public void A_created_key_opens_again_with_the_same_passphrase()
    {
        using var fixture = new VaultFixture();
        using var pass = Pass("correct horse battery staple");

        using var created = fixture.Vault.OpenOrCreate(pass).Value;
        using var opened = fixture.Vault.Open(pass).Value;

        Assert.True(created.KeyEquals(opened));
        Assert.Equal(DeviceKeyFile.PassphraseFileSize, new FileInfo(fixture.Paths.DeviceKeyFile).Length);
        Assert.Equal(DeviceKeyBackendKind.Passphrase, fixture.Vault.StoredBackend().Value);
    }

    [Fact]
    public void The_key_file_does_not_contain_the_key_or_the_passphrase()
    {
        using var fixture = new VaultFixture();
        using var pass = Pass("a rather long passphrase");

        using var key = fixture.Vault.OpenOrCreate(pass).Value;
        var file = File.ReadAllBytes(fixture.Paths.DeviceKeyFile);

        Assert.Equal(-1, file.AsSpan().IndexOf(key.Bytes));
        Assert.Equal(-1, file.AsSpan().IndexOf("rather long"u8));
    }

    [Fact]
    public void A_wrong_passphrase_is_a_typed_error_and_never_a_fresh_identity()
    {
        using var fixture = new VaultFixture();
        using (fixture.Vault.OpenOrCreate(Pass("right")).Value)
        {
        }

        var before = File.ReadAllBytes(fixture.Paths.DeviceKeyFile);

        var wrong = fixture.Vault.OpenOrCreate(Pass("wrong"));

        Assert.Equal(ProfileError.WrongPassphrase, wrong.Error);
        Assert.Equal(before, File.ReadAllBytes(fixture.Paths.DeviceKeyFile));
        Assert.True(fixture.Vault.Open(Pass("right")).IsOk);
    }

    [Fact]
    public void No_passphrase_for_a_passphrase_key_is_passphrase_required()
    {
        using var fixture = new VaultFixture();

        Assert.True(fixture.Vault.NeedsPassphrase());
        Assert.Equal(ProfileError.PassphraseRequired, fixture.Vault.OpenOrCreate(null).Error);
        Assert.Equal(ProfileError.PassphraseRequired, fixture.Vault.OpenOrCreate(Pass("")).Error);
        Assert.False(File.Exists(fixture.Paths.DeviceKeyFile));
    }

    [Fact]
    public void A_missing_key_beside_an_existing_database_is_device_key_missing_and_no_key_is_made()
    {
        using var fixture = new VaultFixture();
        fixture.Paths.EnsureDirectory();
        File.WriteAllBytes(fixture.Paths.ClientDatabase, [1, 2, 3]);

        var result = fixture.Vault.OpenOrCreate(Pass("anything"));

        Assert.Equal(ProfileError.DeviceKeyMissing, result.Error);
        Assert.Contains("device key missing", result.Describe(), StringComparison.Ordinal);
        Assert.False(File.Exists(fixture.Paths.DeviceKeyFile));
    }

    [Fact]
    public void Opening_a_profile_without_a_key_does_not_create_one()
    {
        using var fixture = new VaultFixture();

        Assert.Equal(ProfileError.DeviceKeyMissing, fixture.Vault.Open(Pass("x")).Error);
        Assert.False(File.Exists(fixture.Paths.DeviceKeyFile));
    }

    [Fact]
    public void Creating_over_an_existing_key_is_refused()
    {
        using var fixture = new VaultFixture();
        using (fixture.Vault.OpenOrCreate(Pass("one")).Value)
        {
        }

        var before = File.ReadAllBytes(fixture.Paths.DeviceKeyFile);

        Assert.Equal(ProfileError.DeviceKeyExists, fixture.Vault.Create(DeviceKeyBackendKind.Passphrase, Pass("two")).Error);
        Assert.Equal(before, File.ReadAllBytes(fixture.Paths.DeviceKeyFile));
    }

    [Fact]
    public void Any_changed_header_byte_makes_the_passphrase_fail()
    {
        using var fixture = new VaultFixture();
        using (fixture.Vault.OpenOrCreate(Pass("pw")).Value)
        {
        }

        var original = File.ReadAllBytes(fixture.Paths.DeviceKeyFile);

        // key id, salt, nonce, sealed key (costs are tested for bounds below; the magic and version elsewhere).
        foreach (var offset in new[] { 6, 21, 30, 45, 46, 69, 70, 117 })
        {
            var tampered = original.ToArray();
            tampered[offset] ^= 0x01;
            File.WriteAllBytes(fixture.Paths.DeviceKeyFile, tampered);

            Assert.Equal(ProfileError.WrongPassphrase, fixture.Vault.Open(Pass("pw")).Error);
        }
    }

    [Fact]
    public void A_changed_cost_field_is_caught_by_the_associated_data()
    {
        using var fixture = new VaultFixture();
        using (fixture.Vault.OpenOrCreate(Pass("pw")).Value)
        {
        }

        var tampered = File.ReadAllBytes(fixture.Paths.DeviceKeyFile);
        BinaryPrimitives.WriteUInt32BigEndian(tampered.AsSpan(26), Argon2Cost.MinMemLimitKiB + 8);
        File.WriteAllBytes(fixture.Paths.DeviceKeyFile, tampered);

        Assert.Equal(ProfileError.WrongPassphrase, fixture.Vault.Open(Pass("pw")).Error);
    }

    [Fact]
    public void A_hostile_file_asking_for_100_GiB_is_refused()
    {
        using var fixture = new VaultFixture();
        using (fixture.Vault.OpenOrCreate(Pass("pw")).Value)
        {
        }

        var tampered = File.ReadAllBytes(fixture.Paths.DeviceKeyFile);
        BinaryPrimitives.WriteUInt32BigEndian(tampered.AsSpan(26), 100u * 1024 * 1024);
        File.WriteAllBytes(fixture.Paths.DeviceKeyFile, tampered);

        Assert.Equal(ProfileError.DeviceKeyCostOutOfRange, fixture.Vault.Open(Pass("pw")).Error);
    }

    [Fact]
    public void An_oversized_key_file_is_refused_without_reading_it()
    {
        using var fixture = new VaultFixture();
        fixture.Paths.EnsureDirectory();
        File.WriteAllBytes(fixture.Paths.DeviceKeyFile, new byte[DeviceKeyFile.MaxFileSize + 1]);

        Assert.Equal(ProfileError.DeviceKeyFileCorrupt, fixture.Vault.Open(Pass("pw")).Error);
    }

    [Fact]
    public void Changing_the_passphrase_keeps_the_key_and_retires_the_old_passphrase()
    {
        using var fixture = new VaultFixture();
        using var original = fixture.Vault.OpenOrCreate(Pass("old")).Value;
        var keyIdBefore = File.ReadAllBytes(fixture.Paths.DeviceKeyFile)[6..22];

        Assert.True(fixture.Vault.ChangePassphrase(Pass("old"), Pass("new")).IsOk);

        Assert.Equal(ProfileError.WrongPassphrase, fixture.Vault.Open(Pass("old")).Error);
        using var reopened = fixture.Vault.Open(Pass("new")).Value;
        Assert.True(original.KeyEquals(reopened));
        Assert.Equal(keyIdBefore, File.ReadAllBytes(fixture.Paths.DeviceKeyFile)[6..22]);
        Assert.Equal([ProfilePaths.DeviceKeyFileName], Directory.GetFiles(fixture.Paths.Directory).Select(Path.GetFileName));
    }

    [Fact]
    public void Changing_the_passphrase_with_a_wrong_current_one_changes_nothing()
    {
        using var fixture = new VaultFixture();
        using (fixture.Vault.OpenOrCreate(Pass("old")).Value)
        {
        }

        var before = File.ReadAllBytes(fixture.Paths.DeviceKeyFile);

        Assert.Equal(ProfileError.WrongPassphrase, fixture.Vault.ChangePassphrase(Pass("guess"), Pass("new")).Error);
        Assert.Equal(before, File.ReadAllBytes(fixture.Paths.DeviceKeyFile));
    }

    [Fact]
    public void A_key_file_is_created_owner_only()
    {
        using var fixture = new VaultFixture();
        using (fixture.Vault.OpenOrCreate(Pass("pw")).Value)
        {
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(fixture.Paths.DeviceKeyFile));
        }
    }
}
