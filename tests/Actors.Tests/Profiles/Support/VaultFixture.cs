using Pvtcoms.Actors.Profiles;

namespace Pvtcoms.Actors.Tests.Profiles.Support;

/// <summary>A profile in a temporary directory with a vault at minimal Argon2 cost.</summary>
internal sealed class VaultFixture : IDisposable
{
    public VaultFixture(DeviceKeyBackendKind preferred = DeviceKeyBackendKind.Passphrase, FakeSecretService? secretService = null)
    {
        Environment = new FakeProfileEnvironment();
        Paths = ProfileLocation.Resolve(Environment, "test").Value;
        SecretService = secretService ?? new FakeSecretService();
        var backends = new List<IDeviceKeyBackend> { new PassphraseDeviceKeyBackend(Argon2Cost.Minimal, new CountingEntropy(0x10)) };
        if (preferred == DeviceKeyBackendKind.SecretService)
        {
            backends.Add(new SecretServiceDeviceKeyBackend(SecretService));
        }

        Backends = new DeviceKeyBackends(backends, preferred);
        Vault = new DeviceKeyVault(Paths, Backends, new CountingEntropy(0x55));
    }

    public FakeProfileEnvironment Environment { get; }

    public ProfilePaths Paths { get; }

    public FakeSecretService SecretService { get; }

    public DeviceKeyBackends Backends { get; }

    public DeviceKeyVault Vault { get; }

    public void Dispose() => Environment.Dispose();
}
