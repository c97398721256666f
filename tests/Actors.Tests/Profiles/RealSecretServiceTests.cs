using Pvtcoms.Actors.Profiles;
using Pvtcoms.Actors.Tests.Profiles.Support;

namespace Pvtcoms.Actors.Tests.Profiles;

/// <summary>
/// The Secret Service backend against a real service: GNOME Keyring on a private session bus, reached through
/// the real detection (<c>dbus-send</c>) and the real transport (<c>secret-tool</c>). test.sh installs
/// dbus-daemon, dbus-bin, gnome-keyring and libsecret-tools.
/// </summary>
public sealed class RealSecretServiceTests : IClassFixture<RealSecretServiceTests.Service>
{
    private readonly Service _service;

    public RealSecretServiceTests(Service service) => _service = service;

    public sealed class Service : IDisposable
    {
        internal PrivateSecretService Session { get; } = new();

        public void Dispose() => Session.Dispose();
    }

    private FakeProfileEnvironment Machine() =>
        new FakeProfileEnvironment()
            .With(SecretServiceDetection.BusAddressVariable, _service.Session.BusAddress)
            .With("PATH", Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin");

    [Fact]
    public void Detection_finds_the_private_secret_service_and_prefers_it()
    {
        using var env = Machine();

        var backends = DeviceKeyBackends.Detect(env, Argon2Cost.Minimal, new CountingEntropy(3), SystemSecretServiceProbe.Instance);

        Assert.Equal(DeviceKeyBackendKind.SecretService, backends.Preferred);
    }

    [Fact]
    public void A_key_stored_in_the_real_secret_service_opens_again_from_it()
    {
        using var env = Machine();
        var backends = DeviceKeyBackends.Detect(env, Argon2Cost.Minimal, new CountingEntropy(3), SystemSecretServiceProbe.Instance);
        var paths = ProfileLocation.Resolve(env, "keyring").Value;
        var vault = new DeviceKeyVault(paths, backends, new CountingEntropy(0x21));

        using var created = vault.OpenOrCreate(null).Value;
        using var opened = new DeviceKeyVault(paths, backends, new CountingEntropy(9)).Open(null).Value;

        Assert.Equal(DeviceKeyBackendKind.SecretService, vault.StoredBackend().Value);
        Assert.True(created.KeyEquals(opened));
        Assert.Equal(DeviceKeyFile.HeaderSize, new FileInfo(paths.DeviceKeyFile).Length);
    }

    [Fact]
    public void A_key_id_the_real_service_does_not_hold_is_device_key_missing()
    {
        var client = new SecretToolClient("secret-tool", _service.Session.BusAddress);

        var lookup = client.Lookup(SecretServiceDeviceKeyBackend.Attributes(Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())));

        Assert.Equal(ProfileError.DeviceKeyMissing, lookup.Error);
    }

    [Fact]
    public void The_real_service_returns_exactly_the_stored_secret()
    {
        var client = new SecretToolClient("secret-tool", _service.Session.BusAddress);
        var attributes = SecretServiceDeviceKeyBackend.Attributes(Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()));

        Assert.Equal(ProfileError.None, client.Store("pvtcoms test", attributes, "c2VjcmV0IGJ5dGVz"u8));

        Assert.Equal("c2VjcmV0IGJ5dGVz"u8.ToArray(), client.Lookup(attributes).Value);
    }
}
