using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pvtcoms.Relay;
using Pvtcoms.Relay.Configuration;

namespace Pvtcoms.Host.Testbed;

/// <summary>The testbed's relay: in this process, on 127.0.0.1 and a port the OS picks, low PoW, its own temp data dir.</summary>
public sealed class TestbedRelay : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestbedRelay(WebApplication app, IPEndPoint endPoint)
    {
        _app = app;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>A loopback port free right now (the OS picks it; the relay binds it a moment later).</summary>
    public static int PickPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public static async Task<TestbedRelay> StartAsync(string dataDirectory, int port, int powDifficulty, bool verboseLogging, CancellationToken cancellationToken)
    {
        var options = new RelayOptions
        {
            DataDirectory = dataDirectory,
            Listen = new IPEndPoint(IPAddress.Loopback, port),
            PowDifficulty = powDifficulty,
        };
        var app = RelayServer.Build(options, logging => logging.SetMinimumLevel(verboseLogging ? LogLevel.Trace : LogLevel.Warning));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(address);
        return new TestbedRelay(app, new IPEndPoint(IPAddress.Loopback, uri.Port));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
