using System.Net;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pvtcoms.Relay.Configuration;
using Pvtcoms.Relay.Hosting;
using Pvtcoms.Relay.Storage;

namespace Pvtcoms.Relay.Tests.Support;

/// <summary>An in-process relay on 127.0.0.1 and a free port, with its own temporary data directory.</summary>
public sealed class TestRelay : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsDirectory;
    private bool _stopped;

    private TestRelay(WebApplication app, RelayOptions options, bool ownsDirectory, Uri baseAddress, string logPath)
    {
        _app = app;
        Options = options;
        _ownsDirectory = ownsDirectory;
        BaseAddress = baseAddress;
        LogPath = logPath;
    }

    public RelayOptions Options { get; }

    public Uri BaseAddress { get; }

    /// <summary>Every log line the relay wrote (all levels, Akka included).</summary>
    public string LogPath { get; }

    public IServiceProvider Services => _app.Services;

    public static TempDirectory NewDirectory() => new();

    public static async Task<TestRelay> StartAsync(Func<RelayOptions, RelayOptions>? configure = null, string? dataDirectory = null, IPAddress? listen = null, TimeProvider? time = null)
    {
        var owns = dataDirectory is null;
        var directory = dataDirectory ?? Directory.CreateTempSubdirectory("pvtcoms-relay-test-").FullName;
        var options = new RelayOptions
        {
            DataDirectory = directory,
            Listen = new IPEndPoint(listen ?? IPAddress.Loopback, 0),
            PowDifficulty = 4,
            SweepInterval = TimeSpan.FromMinutes(30),
            CheckpointInterval = TimeSpan.FromMinutes(30),
        };
        options = configure?.Invoke(options) ?? options;
        var logPath = Path.Combine(directory, "relay-test.log");
        var app = RelayServer.Build(options, logging =>
        {
            logging.AddProvider(new FileLoggerProvider(logPath));
            logging.SetMinimumLevel(LogLevel.Trace);
        }, time);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First(a => options.HealthListen is null || new Uri(a).Port != options.HealthListen.Port);
        var port = new Uri(address).Port;
        var host = options.Listen.Address.Equals(IPAddress.Any) ? IPAddress.Loopback : options.Listen.Address;
        return new TestRelay(app, options, owns, new Uri($"http://{host}:{port}"), logPath);
    }

    public RelayClient Client(string? accessKey = null) => new(BaseAddress, accessKey);

    public async Task<T> AskMaintenanceAsync<T>(object message)
    {
        var registry = _app.Services.GetRequiredService<ActorRegistry>();
        var maintenance = await registry.GetAsync<RelayMaintenance>();
        return await maintenance.Ask<T>(message, TimeSpan.FromSeconds(60));
    }

    public Task SweepAsync() => AskMaintenanceAsync<RelayMaintenanceActor.SweepDone>(RelayMaintenanceActor.SweepNow.Instance);

    public Task CheckpointAsync() => AskMaintenanceAsync<RelayMaintenanceActor.CheckpointDone>(RelayMaintenanceActor.CheckpointNow.Instance);

    public StorageLedger Ledger => _app.Services.GetRequiredService<StorageLedger>();

    public Task<IActorRef> MailboxRegionAsync() => _app.Services.GetRequiredService<ActorRegistry>().GetAsync<MailboxRegion>();

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsDirectory)
        {
            try
            {
                Directory.Delete(Options.DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

/// <summary>A temporary directory removed on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("pvtcoms-relay-test-").FullName;
    }

    public string Path { get; }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("PVTCOMS_TEST_KEEP") == "1")
        {
            return;
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
