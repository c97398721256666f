using Pvtcoms.Actors.Client;
using Pvtcoms.Actors.Profiles;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Host.Testbed;

/// <summary>
/// One side of the testbed: a profile in the testbed's temp directory with its own sealed store, whose device key
/// lives only in this process (the testbed's profiles are thrown away at the end), and a client node that can be
/// stopped (offline) and started again on the same store.
/// </summary>
public sealed class TestbedProfile : IAsyncDisposable
{
    private readonly DeviceKey _deviceKey;
    private readonly RelayEndpoint _relay;
    private readonly int _powDifficulty;
    private ClientNode? _node;

    public TestbedProfile(string name, string directory, RelayEndpoint relay, int powDifficulty)
    {
        Name = name;
        _relay = relay;
        _powDifficulty = powDifficulty;
        Directory.CreateDirectory(directory);
        _deviceKey = DeviceKey.Generate(SystemEntropy.Instance);
        Store = SqliteClientStore.Open(Path.Combine(directory, ProfilePaths.ClientDatabaseFileName), _deviceKey.Bytes, SystemEntropy.Instance);
    }

    public string Name { get; }

    /// <summary>Akka at its most verbose (the output-hygiene test).</summary>
    internal bool DiagnosticLogging { get; init; }

    /// <summary>A copy of the device key, for the output-hygiene test's list of secrets.</summary>
    internal byte[] DeviceKeyCopy() => _deviceKey.Bytes.ToArray();

    public SqliteClientStore Store { get; }

    public ClientNode Node => _node ?? throw new InvalidOperationException($"{Name} is offline");

    public bool IsOnline => _node is not null;

    /// <summary>How long the last <see cref="GoOnlineAsync"/> took (the client node's start).</summary>
    public TimeSpan LastStartTime { get; private set; }

    public async Task GoOnlineAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        _node = await ClientNode.StartAsync(new ClientNodeOptions
        {
            Store = Store,
            OwnRelay = _relay,
            OwnRelayPowDifficulty = _powDifficulty,
            PeerRelayPowDifficulty = _powDifficulty,
            DisplayName = Name,
            MinPollInterval = TimeSpan.FromMilliseconds(100),
            MaxPollInterval = TimeSpan.FromMilliseconds(250),
            OutboxTick = TimeSpan.FromMilliseconds(50),
            DiagnosticLogging = DiagnosticLogging,
        }).ConfigureAwait(false);
        LastStartTime = clock.Elapsed;
    }

    public async Task GoOfflineAsync()
    {
        if (_node is { } node)
        {
            _node = null;
            await node.StopAsync().ConfigureAwait(false);
        }
    }

    public ContactRecord OnlyContact => Store.LoadContacts().Single();

    public async ValueTask DisposeAsync()
    {
        await GoOfflineAsync().ConfigureAwait(false);
        Store.Dispose();
        _deviceKey.Dispose();
    }
}
