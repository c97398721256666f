using System.Globalization;
using System.Text;
using Pvtcoms.Actors.Client;
using Pvtcoms.Actors.Profiles;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Transport;
using Pvtcoms.Host.Cli;
using Pvtcoms.Host.Tor;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Ui.Blazor.Engine;
using Pvtcoms.Ui.Blazor.Engine.Client;

namespace Pvtcoms.Host.Desktop;

/// <summary>
/// The profile behind the desktop UI (ADR 0093): holds its lock from <see cref="Open"/> on; then either unlocks an
/// initialised profile (<see cref="UnlockAsync"/>, passphrase from the host) or creates one from the UI's first-run
/// form (<see cref="CreateAsync"/>, passphrase from the form, always the passphrase backend). Either way it opens
/// the sealed store and starts the node. Disposing stops the node, closes the store, zeroes the device key and
/// releases the lock.
/// </summary>
public sealed class DesktopProfile : IAsyncDisposable
{
    private readonly OpenedProfile _profile;
    private readonly IProfileEnvironment _environment;
    private readonly DeviceKeyVault _vault;
    private readonly DesktopNodeTuning? _tuning;
    private readonly Lock _gate = new();
    private DeviceKey? _deviceKey;
    private SqliteClientStore? _store;
    private HttpRelayTransport? _transport;
    private ClientNetwork? _network;
    private ClientNode? _node;
    private int _disposed;

    private DesktopProfile(OpenedProfile profile, IProfileEnvironment environment, DeviceKeyVault vault, DesktopNodeTuning? tuning)
    {
        _profile = profile;
        _environment = environment;
        _vault = vault;
        _tuning = tuning;
    }

    public string Name => _profile.Paths.Name.ToString();

    /// <summary>The engine once unlocked or created.</summary>
    public ClientEngine? Engine { get; private set; }

    /// <summary>True when the profile has a device key (it was created before); false means first run.</summary>
    public bool IsInitialised => _vault.StoredBackend() is not { IsOk: true, Value: null };

    /// <summary>True when opening needs a passphrase (not an OS keystore).</summary>
    public bool NeedsPassphrase => _vault.NeedsPassphrase();

    /// <summary>Takes the profile's lock. <paramref name="tuning"/> null: fast polls for a loopback relay, the client's defaults otherwise.</summary>
    public static DesktopProfile Open(IProfileEnvironment environment, string? profileName, Argon2Cost passphraseCost, DesktopNodeTuning? tuning = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var opened = ProfileStartup.Open(environment, profileName);
        if (!opened.TryGetValue(out var profile))
        {
            throw new CliError(ProfileErrorText.Describe(opened.Error, opened.Setting));
        }

        var backends = DeviceKeyBackends.Detect(environment, passphraseCost, SystemEntropy.Instance, SystemSecretServiceProbe.Instance);
        return new DesktopProfile(profile, environment, new DeviceKeyVault(profile.Paths, backends, SystemEntropy.Instance), tuning);
    }

    /// <summary>What the first-run form and settings start from: the relay from the environment or sidecar, their PoW.</summary>
    public MessengerSettings DefaultSettings()
    {
        var resolved = ClientRelaySettings.Resolve(_environment, stored: null);
        if (!resolved.TryGetValue(out var settings))
        {
            throw new CliError(ProfileErrorText.Describe(resolved.Error, resolved.Setting));
        }

        return new MessengerSettings(settings.Primary.Address, settings.Failover?.Address, PowOverride() ?? settings.PowDifficulty,
            ClientNodeOptions.CoverTrafficFromEnvironment());
    }

    /// <summary>Opens an initialised profile with <paramref name="passphrase"/> (null for a keystore) and starts its node.</summary>
    public async Task<ClientEngine> UnlockAsync(Passphrase? passphrase)
    {
        var key = _vault.Open(passphrase);
        if (!key.TryGetValue(out var deviceKey))
        {
            throw new CliError(ProfileErrorText.Describe(key.Error));
        }

        var store = OpenStore(deviceKey);
        var name = StoredEngineSettings.LoadDisplayName(store) ?? Name;
        return await StartAsync(deviceKey, store, name).ConfigureAwait(false);
    }

    /// <summary>The UI's unlock screen: the engine, or null for a wrong passphrase (any other failure throws).</summary>
    public async Task<ClientEngine?> TryUnlockAsync(string passphrase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        if (Engine is { } running)
        {
            return running;
        }

        // Argon2id takes a while: off the UI's thread.
        var key = await Task.Run(() =>
        {
            using var secret = Passphrase.FromString(passphrase);
            return _vault.Open(secret);
        }, cancellationToken).ConfigureAwait(false);
        if (!key.TryGetValue(out var deviceKey))
        {
            return key.Error == ProfileError.WrongPassphrase ? null : throw new CliError(ProfileErrorText.Describe(key.Error));
        }

        var store = OpenStore(deviceKey);
        return await StartAsync(deviceKey, store, StoredEngineSettings.LoadDisplayName(store) ?? Name).ConfigureAwait(false);
    }

    /// <summary>
    /// The UI's first run: a new device key sealed under the form's passphrase, a new store holding the name and the
    /// relay choice, and the node (which creates the identity on the empty store).
    /// </summary>
    public async Task<FirstRunResult> CreateAsync(FirstRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!RelayEndpoint.Parse(request.Relay.Trim()).IsOk)
        {
            return FirstRunResult.Refused(FirstRunOutcome.InvalidRelay);
        }

        if (IsInitialised || Engine is not null)
        {
            return FirstRunResult.Refused(FirstRunOutcome.AlreadyExists);
        }

        // Argon2id takes a while: off the UI's thread.
        var key = await Task.Run(() =>
        {
            using var passphrase = Passphrase.FromString(request.Passphrase);
            _profile.Paths.EnsureDirectory();
            return _vault.Create(DeviceKeyBackendKind.Passphrase, passphrase);
        }, cancellationToken).ConfigureAwait(false);
        if (!key.TryGetValue(out var deviceKey))
        {
            return key.Error == ProfileError.DeviceKeyExists
                ? FirstRunResult.Refused(FirstRunOutcome.AlreadyExists)
                : throw new CliError(ProfileErrorText.Describe(key.Error));
        }

        var store = OpenStore(deviceKey);
        StoredEngineSettings.SaveDisplayName(store, request.DisplayName.Trim());
        store.SaveSetting(EngineSettingNames.RelayChoice, Encoding.UTF8.GetBytes(request.Relay.Trim()));
        var engine = await StartAsync(deviceKey, store, request.DisplayName.Trim()).ConfigureAwait(false);
        return new FirstRunResult(FirstRunOutcome.Created, engine);
    }

    private async Task<ClientEngine> StartAsync(DeviceKey deviceKey, SqliteClientStore store, string displayName)
    {
        try
        {
            var stored = StoredEngineSettings.Load(store, DefaultSettings());
            var choice = store.LoadSetting(EngineSettingNames.RelayChoice) is { } chosenText
                         && RelayEndpoint.Parse(Encoding.UTF8.GetString(chosenText)).TryGetValue(out var chosen)
                ? new StoredRelayChoice(chosen, null)
                : null;
            var resolved = ClientRelaySettings.Resolve(_environment, choice);
            if (!resolved.TryGetValue(out var relaySettings))
            {
                throw new CliError(ProfileErrorText.Describe(resolved.Error, resolved.Setting));
            }

            // The failover relay is kept as a setting; it is not probed here (the relay is explicit once chosen).
            var relay = RelaySelector.Select(relaySettings, new Dictionary<RelayEndpoint, RelayReachability>()).Relay;
            var pow = store.LoadSetting(EngineSettingNames.ProofOfWorkBits) is not null ? stored.ProofOfWorkBits : PowOverride() ?? relaySettings.PowDifficulty;
            // Tor when the relay is an onion or the profile hosts its own inbox (ADR 0067); otherwise loopback only.
            var network = await ClientNetwork.StartAsync(_profile.Paths.Directory, store, relay, ClientTorSettings.HostsInbox(store), pow)
                .ConfigureAwait(false);
            var ownRelay = network.OwnRelay;
            // relay2= is polled too; it takes deposits only for a primary nobody chose explicitly (ADR 0087), which after
            // the first-run form (it stores the choice) is only a profile whose relay comes from the environment or sidecar.
            var failover = network.HostsInbox ? null : relaySettings.Failover;
            var access = new RelayAccessMap(pow, ownRelay, network.HostsInbox ? null : relaySettings.KeyFor(relay)?.Value,
                failover, failover is null ? null : relaySettings.KeyFor(failover)?.Value);
            var transport = new HttpRelayTransport(access.For, TimeProvider.System, SystemEntropy.Instance, network.Connect);
            var tuning = _tuning ?? (ownRelay.IsOnion && !network.HostsInbox ? DesktopNodeTuning.Remote : DesktopNodeTuning.Loopback);
            ClientNode node;
            try
            {
                node = await ClientNode.StartAsync(new ClientNodeOptions
                {
                    Store = store,
                    OwnRelay = ownRelay,
                    OwnRelayPowDifficulty = pow,
                    PeerRelayPowDifficulty = pow,
                    OwnRelayAccessKey = access.Own.AccessKey,
                    FailoverRelay = failover,
                    FailoverRelayAccessKey = access.Failover.AccessKey,
                    OwnRelayIsExplicit = relaySettings.IsExplicit,
                    Transport = transport,
                    DisplayName = displayName,
                    CoverTraffic = stored.CoverTraffic,
                    MinPollInterval = tuning.MinPollInterval,
                    MaxPollInterval = tuning.MaxPollInterval,
                    OutboxTick = tuning.OutboxTick,
                }).ConfigureAwait(false);
            }
            catch
            {
                transport.Dispose();
                await network.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            var engine = new ClientEngine
            {
                Node = node,
                Store = store,
                DisplayName = displayName,
                Settings = stored with { Relay = relay.Address, ProofOfWorkBits = pow },
                Tor = network.Tor is null ? TorState.NotUsed : TorState.Starting,
                TorStatus = network.Tor is { } tor ? new TorStatusSource(tor.System, tor.StatusAsync) : null,
            };
            lock (_gate)
            {
                _deviceKey = deviceKey;
                _store = store;
                _transport = transport;
                _network = network;
                _node = node;
                Engine = engine;
            }

            return engine;
        }
        catch
        {
            store.Dispose();
            deviceKey.Dispose();
            throw;
        }
    }

    private SqliteClientStore OpenStore(DeviceKey deviceKey)
    {
        try
        {
            return SqliteClientStore.Open(_profile.Paths.ClientDatabase, deviceKey.Bytes, SystemEntropy.Instance);
        }
        catch (ClientStoreException e)
        {
            deviceKey.Dispose();
            throw new CliError(e is StoreKeyMismatchException
                ? "the device key does not open this profile's database (restored from another profile?)"
                : $"the profile's database cannot be read ({e.GetType().Name})");
        }
    }

    private static int? PowOverride()
    {
        if (Environment.GetEnvironmentVariable(CliProfile.PowVariable) is not { } text)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pow) && pow <= MessengerSettings.MaxProofOfWorkBits
            ? pow
            : throw new CliError($"invalid setting {CliProfile.PowVariable}");
    }

    /// <summary>Stops the node, closes the store, zeroes the key, releases the lock. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        ClientNode? node;
        lock (_gate)
        {
            node = _node;
            _node = null;
        }

        if (node is not null)
        {
            await node.StopAsync().ConfigureAwait(false);
        }

        _transport?.Dispose();
        if (_network is not null)
        {
            await _network.DisposeAsync().ConfigureAwait(false);
        }

        _store?.Dispose();
        _deviceKey?.Dispose();
        _profile.Dispose();
    }

    public override string ToString() => $"DesktopProfile({Name})";
}
