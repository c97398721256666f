using System.Globalization;
using Pvtcoms.Actors.Profiles;
using Pvtcoms.Host.Desktop;
using Pvtcoms.Host.Testbed;
using Pvtcoms.Tests.Shared;
using Pvtcoms.Ui.Blazor.Engine;
using Pvtcoms.Ui.Blazor.Engine.Client;

namespace Pvtcoms.Ui.Tests.RealEngine;

/// <summary>
/// The real engine for UI tests: the testbed's relay in this process on a loopback port, and desktop profiles
/// (lock, passphrase-sealed device key at minimal Argon2 cost, sealed SQLite store, ClientNode polling fast) in a
/// temp directory deleted at the end.
/// </summary>
public sealed class RealEngineWorld : IAsyncLifetime
{
    public const int PowDifficulty = 4;
    public const string Passphrase = "correct horse battery staple";

    private readonly List<DesktopProfile> _profiles = [];

    public static DesktopNodeTuning FastPolls { get; } = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(50));

    public string Root { get; } = Directory.CreateTempSubdirectory("pvtcoms-ui-real-").FullName;

    public TestbedRelay Relay { get; private set; } = default!;

    public string RelayAddress { get; private set; } = default!;

    public TestProfileEnvironment Environment { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        var port = LoopbackPorts.Reserve();
        RelayAddress = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}");
        Relay = await TestbedRelay.StartAsync(Path.Combine(Root, "relay"), port, PowDifficulty, verboseLogging: false, CancellationToken.None);
        Environment = new TestProfileEnvironment(Root, PowDifficulty);
    }

    /// <summary>Takes the lock of a (new or existing) profile; the world stops it at the end unless the test disposes it first.</summary>
    public DesktopProfile OpenProfile(string name)
    {
        var profile = DesktopProfile.Open(Environment, name, Argon2Cost.Minimal, FastPolls);
        _profiles.Add(profile);
        return profile;
    }

    /// <summary>A session awaiting its first run over a new profile (what <c>pvtcoms</c> shows on a new profile).</summary>
    public ClientNodeMessengerSession NewSession(string name, out DesktopProfile profile)
    {
        profile = OpenProfile(name);
        return ClientNodeMessengerSession.AwaitingFirstRun(profile.DefaultSettings(), profile.CreateAsync);
    }

    /// <summary>A new profile whose first run already happened (name, passphrase, this world's relay).</summary>
    public async Task<(ClientNodeMessengerSession Session, DesktopProfile Profile)> CreatedSessionAsync(string name, string? displayName = null)
    {
        var session = NewSession(name, out var profile);
        var request = new FirstRunRequest(displayName ?? name, Passphrase, RelayAddress);
        Assert.Equal(FirstRunOutcome.Created, await session.CreateIdentityAsync(request, CancellationToken.None));
        return (session, profile);
    }

    public async Task DisposeAsync()
    {
        foreach (var profile in _profiles)
        {
            await profile.DisposeAsync();
        }

        await Relay.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
