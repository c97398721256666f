using System.Diagnostics;
using System.Globalization;
using System.Net;
using Pvtcoms.Tests.Shared;

namespace Pvtcoms.Host.Tests.Support;

/// <summary>A relay process (<c>pvtcoms relay</c>) on 127.0.0.1 with low PoW and its own temp data dir, for the CLI tests.</summary>
public sealed class RelayFixture : IAsyncLifetime
{
    public const int PowDifficulty = 4;

    private Process? _process;

    public string Root { get; } = Directory.CreateTempSubdirectory("pvtcoms-host-tests-").FullName;

    public string Address { get; private set; } = string.Empty;

    public async Task InitializeAsync() => await StartAsync();

    public async Task StartAsync()
    {
        var port = LoopbackPorts.Reserve();
        Address = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}");
        var environment = new Dictionary<string, string>
        {
            ["PVTCOMS_RELAY_LISTEN"] = Address,
            ["PVTCOMS_RELAY_DATA_DIR"] = Path.Combine(Root, "relay"),
            ["PVTCOMS_RELAY_POW"] = PowDifficulty.ToString(CultureInfo.InvariantCulture),
        };
        _process = Process.Start(PvtcomsCli.StartInfo(environment, "relay", "--conf", Path.Combine(Root, "absent.conf")))!;
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.False(_process.HasExited, "the relay exited during start-up");
            try
            {
                using var response = await http.GetAsync(new Uri($"http://{Address}/health"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        Assert.Fail("the relay did not become ready in 60 s");
    }

    /// <summary>The environment a client process needs to use this relay from the profile root <paramref name="dataDir"/>.</summary>
    public Dictionary<string, string> ClientEnvironment(string dataDir, string passphrase = "correct horse battery staple") => new()
    {
        ["PVTCOMS_DATA_DIR"] = dataDir,
        ["PVTCOMS_RELAY"] = Address,
        ["PVTCOMS_RELAY_POW"] = PowDifficulty.ToString(CultureInfo.InvariantCulture),
        ["PVTCOMS_PASSPHRASE"] = passphrase,
    };

    private readonly Dictionary<string, Task<string>> _sharedProfiles = [];

    /// <summary>A profile initialised once per fixture (its data root is returned), for tests that only read it.</summary>
    public Task<string> SharedProfileAsync(string name)
    {
        lock (_sharedProfiles)
        {
            if (!_sharedProfiles.TryGetValue(name, out var created))
            {
                created = CreateAsync();
                _sharedProfiles[name] = created;
            }

            return created;
        }

        async Task<string> CreateAsync()
        {
            var root = Path.Combine(Root, "shared-" + name);
            var result = await PvtcomsCli.RunAsync(ClientEnvironment(root), "init", "--profile", name);
            Assert.True(result.ExitCode == 0, result.ToString());
            return root;
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
