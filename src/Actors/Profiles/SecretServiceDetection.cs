namespace Pvtcoms.Actors.Profiles;

/// <summary>What detection asks the machine; <see cref="SystemSecretServiceProbe"/> really asks, tests fake it.</summary>
public interface ISecretServiceProbe
{
    /// <summary>The full path of <c>secret-tool</c>, or null when it is not installed.</summary>
    string? FindSecretTool(IProfileEnvironment environment);

    /// <summary>Whether a connection on <paramref name="busAddress"/> owns <c>org.freedesktop.secrets</c>.</summary>
    bool IsSecretsNameOwned(string busAddress);
}

/// <summary>
/// Whether the Secret Service backend is offered (ADR 0075): on Linux, with a session bus
/// (<c>DBUS_SESSION_BUS_ADDRESS</c> set), <c>secret-tool</c> installed, and <c>org.freedesktop.secrets</c> owned
/// on that bus. Checked in that order; each later check runs only if the earlier ones passed.
/// </summary>
public static class SecretServiceDetection
{
    public const string BusAddressVariable = "DBUS_SESSION_BUS_ADDRESS";
    public const string SecretsBusName = "org.freedesktop.secrets";

    /// <summary>A client for the offered service, or null when it is not offered.</summary>
    public static ISecretServiceClient? Detect(IProfileEnvironment environment, ISecretServiceProbe probe)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(probe);
        if (environment.OperatingSystem != OperatingSystemKind.Linux
            || environment.GetVariable(BusAddressVariable) is not { } bus
            || probe.FindSecretTool(environment) is not { } tool
            || !probe.IsSecretsNameOwned(bus))
        {
            return null;
        }

        return new SecretToolClient(tool, bus);
    }
}
