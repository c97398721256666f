using System.Text;
using Pvtcoms.Actors.Profiles;
using Pvtcoms.Actors.Tests.Profiles.Support;

namespace Pvtcoms.Actors.Tests.Profiles;

/// <summary>The Secret Service backend through an in-memory fake of the service (the transport is <c>ISecretServiceClient</c>).</summary>
public sealed class SecretServiceVaultTests
{
    [Fact]
    public void A_new_key_goes_to_the_secret_service_and_the_file_only_names_it()
    {
        using var fixture = new VaultFixture(DeviceKeyBackendKind.SecretService);

        using var key = fixture.Vault.OpenOrCreate(null).Value;

        var file = DeviceKeyFile.Parse(File.ReadAllBytes(fixture.Paths.DeviceKeyFile)).Value;
        Assert.Equal(DeviceKeyBackendKind.SecretService, file.Backend);
        Assert.Equal(DeviceKeyFile.HeaderSize, new FileInfo(fixture.Paths.DeviceKeyFile).Length);
        var item = Assert.Single(fixture.SecretService.Items);
        Assert.Equal($"application=pvtcoms;pvtcoms-key-id={file.KeyIdHex}", item.Key);
        Assert.Equal(Convert.ToBase64String(key.Bytes), Encoding.ASCII.GetString(item.Value));
        Assert.False(fixture.Vault.NeedsPassphrase());
    }

    [Fact]
    public void The_key_opens_again_from_the_secret_service()
    {
        using var fixture = new VaultFixture(DeviceKeyBackendKind.SecretService);
        using var created = fixture.Vault.OpenOrCreate(null).Value;

        using var opened = fixture.Vault.OpenOrCreate(null).Value;

        Assert.True(created.KeyEquals(opened));
        Assert.Single(fixture.SecretService.Items);
    }

    [Fact]
    public void A_key_gone_from_the_secret_service_is_device_key_missing_not_a_fresh_key()
    {
        using var fixture = new VaultFixture(DeviceKeyBackendKind.SecretService);
        using (fixture.Vault.OpenOrCreate(null).Value)
        {
        }

        fixture.SecretService.Items.Clear();
        var before = File.ReadAllBytes(fixture.Paths.DeviceKeyFile);

        Assert.Equal(ProfileError.DeviceKeyMissing, fixture.Vault.OpenOrCreate(null).Error);
        Assert.Empty(fixture.SecretService.Items);
        Assert.Equal(before, File.ReadAllBytes(fixture.Paths.DeviceKeyFile));
    }

    [Fact]
    public void A_refusing_secret_service_leaves_no_key_file()
    {
        using var fixture = new VaultFixture(DeviceKeyBackendKind.SecretService);
        fixture.SecretService.StoreError = ProfileError.KeystoreFailed;

        Assert.Equal(ProfileError.KeystoreFailed, fixture.Vault.OpenOrCreate(null).Error);
        Assert.False(File.Exists(fixture.Paths.DeviceKeyFile));
    }

    [Fact]
    public void A_secret_service_that_returns_something_else_is_keystore_failed_at_creation()
    {
        using var fixture = new VaultFixture(DeviceKeyBackendKind.SecretService);
        fixture.SecretService.CorruptOnLookup = b => [.. b.Reverse()];

        Assert.Equal(ProfileError.KeystoreFailed, fixture.Vault.OpenOrCreate(null).Error);
        Assert.False(File.Exists(fixture.Paths.DeviceKeyFile));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void A_malformed_stored_secret_is_keystore_failed(string stored)
    {
        using var fixture = new VaultFixture(DeviceKeyBackendKind.SecretService);
        using (fixture.Vault.OpenOrCreate(null).Value)
        {
        }

        fixture.SecretService.CorruptOnLookup = _ => Encoding.ASCII.GetBytes(stored);

        Assert.Equal(ProfileError.KeystoreFailed, fixture.Vault.Open(null).Error);
    }

    [Fact]
    public void A_secret_service_key_cannot_be_opened_where_the_service_is_not_offered()
    {
        using var fixture = new VaultFixture(DeviceKeyBackendKind.SecretService);
        using (fixture.Vault.OpenOrCreate(null).Value)
        {
        }

        var passphraseOnly = new DeviceKeyVault(fixture.Paths,
            new DeviceKeyBackends([new PassphraseDeviceKeyBackend(Argon2Cost.Minimal, new CountingEntropy(1))], DeviceKeyBackendKind.Passphrase),
            new CountingEntropy(2));

        Assert.Equal(ProfileError.KeystoreUnavailable, passphraseOnly.OpenOrCreate(Passphrase.FromString("x")).Error);
    }

    [Fact]
    public void The_passphrase_can_be_chosen_explicitly_where_a_keystore_is_offered()
    {
        using var fixture = new VaultFixture(DeviceKeyBackendKind.SecretService);

        using var key = fixture.Vault.Create(DeviceKeyBackendKind.Passphrase, Passphrase.FromString("mine")).Value;

        Assert.Empty(fixture.SecretService.Items);
        Assert.Equal(DeviceKeyBackendKind.Passphrase, fixture.Vault.StoredBackend().Value);
        Assert.True(fixture.Vault.NeedsPassphrase());
    }

    [Fact]
    public void Changing_a_passphrase_of_a_keystore_held_key_is_wrong_backend()
    {
        using var fixture = new VaultFixture(DeviceKeyBackendKind.SecretService);
        using (fixture.Vault.OpenOrCreate(null).Value)
        {
        }

        Assert.Equal(ProfileError.WrongBackend, fixture.Vault.ChangePassphrase(Passphrase.FromString("a"), Passphrase.FromString("b")).Error);
    }
}
