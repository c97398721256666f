using Pvtcoms.Actors.Profiles;
using Pvtcoms.Actors.Tests.Profiles.Support;

namespace Pvtcoms.Actors.Tests.Profiles;

public sealed class BackendDetectionTests
{
    private const string Bus = "unix:path=/run/user/1000/bus";

    private static DeviceKeyBackends Detect(FakeProfileEnvironment env, FakeSecretServiceProbe probe) =>
        DeviceKeyBackends.Detect(env, Argon2Cost.Minimal, new CountingEntropy(0), probe);

    [Fact]
    public void Linux_with_a_session_bus_secret_tool_and_an_owned_secrets_name_prefers_the_secret_service()
    {
        using var env = new FakeProfileEnvironment().With(SecretServiceDetection.BusAddressVariable, Bus);
        var probe = new FakeSecretServiceProbe("/usr/bin/secret-tool", nameOwned: true);

        var backends = Detect(env, probe);

        Assert.Equal(DeviceKeyBackendKind.SecretService, backends.Preferred);
        Assert.Contains(DeviceKeyBackendKind.Passphrase, backends.Available);
        Assert.Equal(["find", "owned:" + Bus], probe.Calls);
    }

    [Fact]
    public void Without_a_session_bus_the_passphrase_is_used_and_nothing_is_probed()
    {
        using var env = new FakeProfileEnvironment();
        var probe = new FakeSecretServiceProbe("/usr/bin/secret-tool", nameOwned: true);

        var backends = Detect(env, probe);

        Assert.Equal(DeviceKeyBackendKind.Passphrase, backends.Preferred);
        Assert.Empty(probe.Calls);
        Assert.DoesNotContain(DeviceKeyBackendKind.SecretService, backends.Available);
    }

    [Fact]
    public void Without_secret_tool_the_bus_is_not_asked()
    {
        using var env = new FakeProfileEnvironment().With(SecretServiceDetection.BusAddressVariable, Bus);
        var probe = new FakeSecretServiceProbe(null, nameOwned: true);

        var backends = Detect(env, probe);

        Assert.Equal(DeviceKeyBackendKind.Passphrase, backends.Preferred);
        Assert.Equal(["find"], probe.Calls);
    }

    [Fact]
    public void A_bus_where_nobody_owns_the_secrets_name_means_passphrase()
    {
        using var env = new FakeProfileEnvironment().With(SecretServiceDetection.BusAddressVariable, Bus);

        Assert.Equal(DeviceKeyBackendKind.Passphrase, Detect(env, new FakeSecretServiceProbe("/usr/bin/secret-tool", nameOwned: false)).Preferred);
    }

    [Theory]
    [InlineData(OperatingSystemKind.MacOS)]
    [InlineData(OperatingSystemKind.Windows)]
    public void The_secret_service_is_only_looked_for_on_linux(OperatingSystemKind os)
    {
        using var env = new FakeProfileEnvironment(os).With(SecretServiceDetection.BusAddressVariable, Bus);
        var probe = new FakeSecretServiceProbe("/usr/bin/secret-tool", nameOwned: true);

        var backends = Detect(env, probe);

        Assert.DoesNotContain(DeviceKeyBackendKind.SecretService, backends.Available);
        Assert.Empty(probe.Calls);
    }

    [Fact]
    public void Dpapi_is_offered_only_on_a_real_windows_host()
    {
        using var env = new FakeProfileEnvironment(OperatingSystemKind.Windows);

        var backends = Detect(env, new FakeSecretServiceProbe(null, false));

        Assert.Equal(OperatingSystem.IsWindows(), backends.Available.Contains(DeviceKeyBackendKind.WindowsDpapi));
        Assert.Equal(OperatingSystem.IsWindows() ? DeviceKeyBackendKind.WindowsDpapi : DeviceKeyBackendKind.Passphrase, backends.Preferred);
    }

    [Fact]
    public void The_system_probe_finds_secret_tool_only_on_the_given_path()
    {
        using var env = new FakeProfileEnvironment();
        var bin = Path.Combine(env.Scratch, "fakebin");
        Directory.CreateDirectory(bin);
        env.With("PATH", bin);
        Assert.Null(SystemSecretServiceProbe.Instance.FindSecretTool(env));

        File.WriteAllText(Path.Combine(bin, "secret-tool"), "#!/bin/sh\n");

        Assert.Equal(Path.Combine(bin, "secret-tool"), SystemSecretServiceProbe.Instance.FindSecretTool(env));
    }

    [Fact]
    public void The_dpapi_entropy_is_the_label_and_the_key_id()
    {
        byte[] keyId = [.. Enumerable.Range(0, 16).Select(i => (byte)i)];

        var entropy = DpapiEntropy.For(keyId);

        Assert.Equal([.. "pvtcoms/v1/device-key/dpapi"u8.ToArray(), .. keyId], entropy);
    }
}
