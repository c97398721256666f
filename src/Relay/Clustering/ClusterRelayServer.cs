using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pvtcoms.Relay.Configuration;
using Pvtcoms.Relay.Hosting;
using Pvtcoms.Relay.Http;
using Pvtcoms.Relay.Service;
using Pvtcoms.Relay.Storage;

namespace Pvtcoms.Relay.Clustering;

/// <summary>
/// Builds one node of a relay cluster: the same HTTP front and mailbox logic as the single-node relay
/// (<see cref="RelayServer"/>), with the journal on the shared PostgreSQL database and the actor system joined
/// to the other nodes (ADR 0100). Any node's front accepts deposits, fetches and confirms for any token.
/// </summary>
public static class ClusterRelayServer
{
    public static WebApplication Build(RelayOptions options, Action<ILoggingBuilder>? configureLogging, TimeProvider? time)
    {
        var cluster = options.Cluster ?? throw new ArgumentException("Not a cluster configuration.", nameof(options));
        var store = new PostgresRelayStore(cluster.Postgres);
        store.Prepare();
        var ledger = new StorageLedger(options.MaxStoredBlobs, options.MaxStoredBytes);
        var share = new ClusterStorageShare(ledger);
        var (blobs, bytes) = store.ReadTotals();

        // Until the first refresh knows how many nodes are Up, assume every seed node is.
        share.Apply(blobs, bytes, Math.Max(1, cluster.SeedNodes.Count));
        var clock = new RelayClock(time ?? TimeProvider.System, options.PowEpochSeconds);
        var routes = new BlobRoutes(capacity: 500_000, maxAge: TimeSpan.FromMinutes(30));

        var builder = RelayServer.CreateBuilder(options, configureLogging);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(ledger);
        builder.Services.AddSingleton(share);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton<RelayCounters>();
        builder.Services.AddSingleton(routes);
        builder.Services.AddSingleton(sp => new ConfirmForwarder(sp.GetRequiredService<Akka.Actor.ActorSystem>(), options.MailboxTimeout));
        builder.Services.AddSingleton(sp => new ClusterHealth(
            sp.GetRequiredService<Akka.Actor.ActorSystem>(),
            sp.GetRequiredService<IRequiredActor<MailboxRegion>>().ActorRef));
        builder.Services.AddSingleton(sp => new RelayService(
            sp.GetRequiredService<IRequiredActor<MailboxRegion>>().ActorRef,
            options,
            clock,
            sp.GetRequiredService<RelayCounters>(),
            ledger,
            routes,
            sp.GetRequiredService<ConfirmForwarder>(),
            share));
        var drain = new RequestDrain(options.ShutdownTimeout);
        builder.Services.AddSingleton(drain);
        builder.Services.AddHostedService(_ => drain);
        builder.Services.AddRelayClusterActors(new ClusterNodeParts(options, cluster, store, ledger, share, routes, clock));

        var app = builder.Build();
        drain.Attach(app);
        app.UseRelayAccessKey(options.AccessKey);
        app.MapRelay();
        app.Lifetime.ApplicationStopped.Register(store.Dispose);
        return app;
    }
}
