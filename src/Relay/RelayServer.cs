using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pvtcoms.Relay.Configuration;
using Pvtcoms.Relay.Hosting;
using Pvtcoms.Relay.Http;
using Pvtcoms.Relay.Service;
using Pvtcoms.Relay.Storage;

namespace Pvtcoms.Relay;

/// <summary>
/// Builds the relay: Kestrel in front, the actor system behind. <c>pvtcoms relay</c>, the tests and the load
/// generator all start it through here.
/// </summary>
public static class RelayServer
{
    /// <summary>
    /// Builds (does not start) a relay. Opens the database, puts it in WAL mode and reads the stored totals
    /// first. Logging goes to <paramref name="configureLogging"/> (default: console, warnings and errors only;
    /// no request logging at all).
    /// </summary>
    public static WebApplication Build(RelayOptions options, Action<ILoggingBuilder>? configureLogging = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.HealthListen is { } health && !LoopbackOnly.IsLoopback(health.Address))
        {
            throw new ArgumentException("/health is served on loopback only; refusing to bind it to a non-loopback address.", nameof(options));
        }

        if (options.Cluster is not null)
        {
            return Clustering.ClusterRelayServer.Build(options, configureLogging, time);
        }

        var database = new RelayDatabase(options.DatabasePath);
        database.Prepare();
        var ledger = new StorageLedger(options.MaxStoredBlobs, options.MaxStoredBytes);
        var (blobs, bytes) = database.ReadTotals();
        ledger.Initialise(blobs, bytes);
        var clock = new RelayClock(time ?? TimeProvider.System, options.PowEpochSeconds);

        var builder = CreateBuilder(options, configureLogging);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(ledger);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton<RelayCounters>();
        builder.Services.AddSingleton(new BlobRoutes(capacity: 500_000, maxAge: TimeSpan.FromMinutes(30)));
        builder.Services.AddSingleton(sp => new DirectReplies(sp.GetRequiredService<Akka.Actor.ActorSystem>(), options.MailboxTimeout));
        builder.Services.AddSingleton(sp => new RelayService(
            sp.GetRequiredService<IRequiredActor<MailboxRegion>>().ActorRef,
            options,
            clock,
            sp.GetRequiredService<RelayCounters>(),
            ledger,
            sp.GetRequiredService<BlobRoutes>(),
            direct: sp.GetRequiredService<DirectReplies>()));
        var drain = new RequestDrain(options.ShutdownTimeout);
        builder.Services.AddSingleton(drain);
        builder.Services.AddHostedService(_ => drain);
        builder.Services.AddRelayActors(options, database, ledger, clock);

        var app = builder.Build();
        drain.Attach(app);
        app.UseRelayAccessKey(options.AccessKey);
        app.MapRelay();

        // After the server has drained and the actor system has stopped: fold the WAL in and drop it.
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            try
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                database.CheckpointAndTruncate();
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                // Best effort; the next start checkpoints again.
            }
        });
        return app;
    }

    /// <summary>The web host both the single node and a cluster node use: Kestrel limits, listeners, logging.</summary>
    internal static WebApplicationBuilder CreateBuilder(RelayOptions options, Action<ILoggingBuilder>? configureLogging)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            // Not the data directory: the host would watch it for configuration changes and wake on every write.
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = RelayEndpoints.MaxDepositBody;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 32;
            kestrel.Limits.MaxRequestLineSize = 2048;
            kestrel.Listen(options.Listen, listen => listen.Protocols = HttpProtocols.Http1);
            if (options.HealthListen is { } healthEndPoint)
            {
                kestrel.Listen(healthEndPoint, listen => listen.Protocols = HttpProtocols.Http1);
            }
        });
        builder.WebHost.UseShutdownTimeout(options.ShutdownTimeout);

        // Request handling is short and never blocks (parse, one SHA-256, a Tell; the reply comes back on the
        // mailbox's thread, ADR 0117), so it runs on the socket's own thread instead of one more thread-pool hop
        // per read and per write (ADR 0118).
        if (options.InlineSocketScheduling)
        {
            builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        }

        builder.Logging.ClearProviders();
        if (configureLogging is null)
        {
            builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }
        else
        {
            configureLogging(builder.Logging);
        }

        return builder;
    }
}
