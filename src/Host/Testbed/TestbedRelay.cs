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
    private int _disposed;

    private TestbedRelay(WebApplication app, IPEndPoint endPoint, TimeSpan buildTime, TimeSpan startTime)
    {
        _app = app;
        EndPoint = endPoint;
        BuildTime = buildTime;
        StartTime = startTime;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>How long <c>RelayServer.Build</c> took (host, DI, database prepared).</summary>
    public TimeSpan BuildTime { get; }

    /// <summary>How long the host's start took (actor system, cluster Up, shard region, journal warm-up, Kestrel).</summary>
    public TimeSpan StartTime { get; }

    /// <summary>A loopback port free right now (the OS picks it; the relay binds it a moment later).</summary>
    public static int PickPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>
    /// Builds and starts the relay on a thread-pool thread: <c>RelayServer.Build</c> and the first part of the host's
    /// start are synchronous and take seconds so the caller's own start-up
    /// (the profiles) overlaps with them instead of waiting behind them.
    /// </summary>
    public static Task<TestbedRelay> StartAsync(string dataDirectory, int port, int powDifficulty, bool verboseLogging, CancellationToken cancellationToken) =>
        Task.Run(() => BuildAndStartAsync(dataDirectory, port, powDifficulty, verboseLogging, cancellationToken), cancellationToken);

    private static async Task<TestbedRelay> BuildAndStartAsync(string dataDirectory, int port, int powDifficulty, bool verboseLogging, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var options = new RelayOptions
        {
            DataDirectory = dataDirectory,
            Listen = new IPEndPoint(IPAddress.Loopback, port),
            PowDifficulty = powDifficulty,
        };
        var app = RelayServer.Build(options, logging => logging.SetMinimumLevel(verboseLogging ? LogLevel.Trace : LogLevel.Warning));
        var buildTime = clock.Elapsed;
        clock.Restart();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var startTime = clock.Elapsed;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(address);
        return new TestbedRelay(app, new IPEndPoint(IPAddress.Loopback, uri.Port), buildTime, startTime);
    }

    /// <summary>Stops the relay (once; a second call does nothing).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
