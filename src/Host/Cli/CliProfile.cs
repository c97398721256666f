using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Pvtcoms.Actors.Client;
using Pvtcoms.Actors.Profiles;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Transport;
using Pvtcoms.Host.Tor;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Host.Cli;

/// <summary>
/// A profile opened by one CLI command: its lock, its device key (OS keystore or passphrase), its sealed store and
/// a running client node on the selected relay. Disposing stops the node, closes the store, zeroes the key and
/// releases the lock.
/// </summary>
public sealed class CliProfile : IAsyncDisposable
{
    /// <summary>The relay the user chose with <c>init --relay</c> (a store setting, sealed like everything else).</summary>
    public const string RelayChoiceSetting = "cli/relay";

    /// <summary>The proof-of-work difficulty the relay demands, when it is not the default (same name as the relay's setting).</summary>
    public const string PowVariable = "PVTCOMS_RELAY_POW";

    private readonly OpenedProfile _profile;
    private readonly DeviceKey _deviceKey;
    private readonly ClientNetwork _network;
    private readonly HttpRelayTransport? _torTransport;

    private CliProfile(OpenedProfile profile, DeviceKey deviceKey, SqliteClientStore store, ClientNode node, RelaySelection relay,
        ClientNetwork network, HttpRelayTransport? torTransport)
    {
        _profile = profile;
        _deviceKey = deviceKey;
        Store = store;
        Node = node;
        Relay = relay;
        _network = network;
        _torTransport = torTransport;
    }

    public SqliteClientStore Store { get; }

    public ClientNode Node { get; }

    public RelaySelection Relay { get; }

    /// <summary>The relay this profile polls and names in its invites: its own onion inbox when it hosts one, else <see cref="Relay"/>.</summary>
    public RelayEndpoint OwnRelay => _network.OwnRelay;

    /// <summary>True when the profile hosts its own inbox on its onion service (ADR 0066).</summary>
    public bool HostsInbox => _network.HostsInbox;

    public string Name => _profile.Paths.Name.ToString();

    /// <summary>Opens (or, with <paramref name="create"/>, creates) the profile and starts its node.</summary>
    public static async Task<CliProfile> OpenAsync(string? profileName, bool create, string? relayChoice = null,
        Func<RelayAccess, IRelayTransport>? transport = null, TimeSpan? pollInterval = null, bool hostInbox = false)
    {
        if (relayChoice is not null && !RelayEndpoint.Parse(relayChoice).IsOk)
        {
            // Checked before anything is created: a refused `init` leaves no half-made profile behind.
            throw new CliError("--relay: not a relay address (an .onion address or a loopback host:port)");
        }

        var environment = SystemProfileEnvironment.Instance;
        var opened = ProfileStartup.Open(environment, profileName);
        if (!opened.TryGetValue(out var profile))
        {
            throw new CliError(ProfileErrorText.Describe(opened.Error, opened.Setting));
        }

        DeviceKey? deviceKey = null;
        SqliteClientStore? store = null;
        ClientNetwork? network = null;
        HttpRelayTransport? torTransport = null;
        try
        {
            profile.Paths.EnsureDirectory();
            var backends = DeviceKeyBackends.Detect(environment, Argon2Cost.Default, SystemEntropy.Instance, SystemSecretServiceProbe.Instance);
            var vault = new DeviceKeyVault(profile.Paths, backends, SystemEntropy.Instance);
            var stored = vault.StoredBackend();
            if (!create && stored.IsOk && stored.Value is null)
            {
                throw new CliError($"profile '{profile.Paths.Name}' is not initialised: run `pvtcoms init --profile {profile.Paths.Name}` first");
            }

            using (var passphrase = vault.NeedsPassphrase() ? PassphraseSource.Obtain(confirm: create) : null)
            {
                var key = create ? vault.Create(backends.Preferred, passphrase) : vault.Open(passphrase);
                if (!key.TryGetValue(out deviceKey))
                {
                    throw new CliError(ProfileErrorText.Describe(key.Error));
                }
            }

            store = OpenStore(profile.Paths, deviceKey);
            if (relayChoice is not null)
            {
                store.SaveSetting(RelayChoiceSetting, Encoding.UTF8.GetBytes(relayChoice));
            }

            if (hostInbox)
            {
                ClientTorSettings.SaveHostsInbox(store);
            }

            var relay = await SelectRelayAsync(environment, store).ConfigureAwait(false);

            // Tor when the relay is an onion or the profile hosts its own inbox (ADR 0067); otherwise loopback only.
            network = await ClientNetwork.StartAsync(profile.Paths.Directory, store, relay.Selection.Relay,
                ClientTorSettings.HostsInbox(store), relay.Pow).ConfigureAwait(false);
            var ownRelay = network.OwnRelay;
            var ownKey = network.HostsInbox ? null : relay.Settings.KeyFor(relay.Selection.Relay)?.Value;
            // The other configured relay (relay2=, or the primary when the start-up probe chose relay2) is polled too and,
            // for a primary nobody chose explicitly, takes deposits while the primary is unreachable (ADR 0087). A
            // profile hosting its own inbox has no failover: its inbox is its relay.
            var failover = network.HostsInbox ? null : relay.Selection.IsFailover ? relay.Settings.Primary : relay.Settings.Failover;
            var failoverKey = failover is null ? null : relay.Settings.KeyFor(failover)?.Value;
            var access = new RelayAccessMap(relay.Pow, ownRelay, ownKey, failover, failoverKey);
            if (transport is null && network.Tor is not null)
            {
                torTransport = new HttpRelayTransport(access.For, TimeProvider.System, SystemEntropy.Instance, network.Connect);
            }

            var node = await ClientNode.StartAsync(new ClientNodeOptions
            {
                Store = store,
                OwnRelay = ownRelay,
                OwnRelayPowDifficulty = relay.Pow,
                PeerRelayPowDifficulty = relay.Pow,
                OwnRelayAccessKey = ownKey,
                FailoverRelay = failover,
                FailoverRelayAccessKey = failoverKey,
                OwnRelayIsExplicit = relay.Settings.IsExplicit,
                Transport = transport?.Invoke(access.Own) ?? torTransport,
                DisplayName = profile.Paths.Name.ToString(),
                CoverTraffic = ClientNodeOptions.CoverTrafficFromEnvironment(),
                MinPollInterval = pollInterval ?? TimeSpan.FromMilliseconds(200),
                MaxPollInterval = (pollInterval ?? TimeSpan.FromMilliseconds(200)) * 5,
                OutboxTick = TimeSpan.FromMilliseconds(100),
            }).ConfigureAwait(false);
            return new CliProfile(profile, deviceKey, store, node, relay.Selection, network, torTransport);
        }
        catch
        {
            torTransport?.Dispose();
            if (network is not null)
            {
                await network.DisposeAsync().ConfigureAwait(false);
            }

            store?.Dispose();
            deviceKey?.Dispose();
            profile.Dispose();
            throw;
        }
    }

    private static SqliteClientStore OpenStore(ProfilePaths paths, DeviceKey deviceKey)
    {
        try
        {
            return SqliteClientStore.Open(paths.ClientDatabase, deviceKey.Bytes, SystemEntropy.Instance);
        }
        catch (StoreKeyMismatchException)
        {
            throw new CliError("the device key does not open this profile's database (restored from another profile?)");
        }
        catch (ClientStoreException e)
        {
            throw new CliError($"the profile's database cannot be read ({e.GetType().Name})");
        }
    }

    private static async Task<(ClientRelaySettings Settings, RelaySelection Selection, int Pow)> SelectRelayAsync(
        IProfileEnvironment environment, SqliteClientStore store)
    {
        StoredRelayChoice? stored = null;
        if (store.LoadSetting(RelayChoiceSetting) is { } chosen && RelayEndpoint.Parse(Encoding.UTF8.GetString(chosen)).TryGetValue(out var endpoint))
        {
            stored = new StoredRelayChoice(endpoint, null);
        }

        var resolved = ClientRelaySettings.Resolve(environment, stored);
        if (!resolved.TryGetValue(out var settings))
        {
            throw new CliError(ProfileErrorText.Describe(resolved.Error, resolved.Setting));
        }

        var pow = settings.PowDifficulty;
        if (Environment.GetEnvironmentVariable(PowVariable) is { } powText)
        {
            if (!int.TryParse(powText, NumberStyles.None, CultureInfo.InvariantCulture, out pow) || pow > 32)
            {
                throw new CliError($"invalid setting {PowVariable}");
            }
        }

        // The failover is only considered for a relay nobody chose explicitly; its reachability is probed once.
        var observed = new Dictionary<RelayEndpoint, RelayReachability>();
        if (settings.Failover is not null && !settings.IsExplicit && !await IsReachableAsync(settings.Primary).ConfigureAwait(false))
        {
            observed[settings.Primary] = new RelayReachability(RelayReachability.UnreachableAfter);
        }

        return (settings, RelaySelector.Select(settings, observed), pow);
    }

    /// <summary>A TCP connect to a loopback relay (onion relays are reached through tor, which decides reachability).</summary>
    private static async Task<bool> IsReachableAsync(RelayEndpoint relay)
    {
        if (relay.IsOnion)
        {
            return true;
        }

        var colon = relay.Address.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(relay.Address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return false;
        }

        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Node.StopAsync().ConfigureAwait(false);
        _torTransport?.Dispose();
        await _network.DisposeAsync().ConfigureAwait(false);
        Store.Dispose();
        _deviceKey.Dispose();
        _profile.Dispose();
    }
}
