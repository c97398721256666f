using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pvtcoms.Relay;
using Pvtcoms.Relay.Configuration;

namespace Pvtcoms.EndToEnd.Tests.Support;

/// <summary>The real relay service in this process on 127.0.0.1 and a free port, low PoW, an access key, a temp data dir.</summary>
public sealed class InProcessRelay : IAsyncLifetime
{
    public const string AccessKey = "end-to-end-access-key-0123456789";
    public const int Difficulty = 4;

    private WebApplication? _app;
    private string _directory = string.Empty;

    public string Address { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("pvtcoms-e2e-relay-").FullName;
        var options = new RelayOptions
        {
            DataDirectory = _directory,
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            PowDifficulty = Difficulty,
            AccessKey = RelayAccessKey.FromSecret(AccessKey),
            SweepInterval = TimeSpan.FromMinutes(30),
            CheckpointInterval = TimeSpan.FromMinutes(30),
        };
        _app = RelayServer.Build(options, logging => logging.SetMinimumLevel(LogLevel.Warning));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = $"127.0.0.1:{new Uri(address).Port}";
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
