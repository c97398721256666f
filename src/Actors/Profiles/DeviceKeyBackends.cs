using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// The backends this machine offers and the one a new key goes to (ADR 0075): DPAPI on Windows; the Secret
/// Service on Linux when a session bus offers it; otherwise a passphrase. The passphrase backend is always
/// offered, so a user can choose it explicitly anywhere.
/// </summary>
public sealed class DeviceKeyBackends
{
    private readonly Dictionary<DeviceKeyBackendKind, IDeviceKeyBackend> _available;

    public DeviceKeyBackends(IEnumerable<IDeviceKeyBackend> available, DeviceKeyBackendKind preferred)
    {
        ArgumentNullException.ThrowIfNull(available);
        _available = available.ToDictionary(b => b.Kind);
        if (!_available.ContainsKey(preferred))
        {
            throw new ArgumentException("The preferred backend must be available.", nameof(preferred));
        }

        Preferred = preferred;
    }

    /// <summary>Where <see cref="DeviceKeyVault.OpenOrCreate"/> puts a new key.</summary>
    public DeviceKeyBackendKind Preferred { get; }

    public IReadOnlyCollection<DeviceKeyBackendKind> Available => _available.Keys;

    /// <summary>What this machine offers, detected through <paramref name="environment"/> and <paramref name="probe"/>.</summary>
    public static DeviceKeyBackends Detect(IProfileEnvironment environment, Argon2Cost passphraseCost, IEntropy entropy, ISecretServiceProbe probe)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var backends = new List<IDeviceKeyBackend> { new PassphraseDeviceKeyBackend(passphraseCost, entropy) };
        var preferred = DeviceKeyBackendKind.Passphrase;
        if (environment.OperatingSystem == OperatingSystemKind.Windows && OperatingSystem.IsWindows())
        {
            backends.Add(new DpapiDeviceKeyBackend());
            preferred = DeviceKeyBackendKind.WindowsDpapi;
        }
        else if (SecretServiceDetection.Detect(environment, probe) is { } client)
        {
            backends.Add(new SecretServiceDeviceKeyBackend(client));
            preferred = DeviceKeyBackendKind.SecretService;
        }

        return new DeviceKeyBackends(backends, preferred);
    }

    public IDeviceKeyBackend? Get(DeviceKeyBackendKind kind) => _available.GetValueOrDefault(kind);

    public override string ToString() => $"DeviceKeyBackends(preferred {Preferred})";
}
