using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Hosting;
using Akka.Remote.Hosting;
using LinqToDB;
using Microsoft.Extensions.DependencyInjection;
using Pvtcoms.Relay.Configuration;
using Pvtcoms.Relay.Hosting;
using Pvtcoms.Relay.Mailbox;
using Pvtcoms.Relay.Service;
using Pvtcoms.Relay.Storage;

namespace Pvtcoms.Relay.Clustering;

/// <summary>
/// The actor system of one node of a relay cluster (ADR 0100): Akka.Cluster remoting on the configured
/// host:port, the configured seed nodes, the split-brain resolver (keep-majority), the same sharded
/// <c>mailbox</c> region as the single-node relay (remember-entities off: a mailbox rehydrates from the
/// journal on demand wherever its shard lives), Akka.Persistence.Sql on PostgreSQL through linq2db, the
/// binary serializer for messages between nodes, the sweeper as a cluster singleton, the per-node ledger
/// refresh and the confirm-routes actor.
/// </summary>
public static class ClusterAkkaHostingExtensions
{
    /// <summary>Largest remoting frame: a full mailbox (4 MiB) in one fetch reply, with room to spare.</summary>
    public const int MaximumFrameBytes = 8 * 1024 * 1024;

    public static IServiceCollection AddRelayClusterActors(this IServiceCollection services, ClusterNodeParts node)
    {
        services.AddAkka(RelayAkkaHostingExtensions.SystemName, (akka, _) => akka.AddRelayCluster(node));
        return services;
    }

    public static AkkaConfigurationBuilder AddRelayCluster(this AkkaConfigurationBuilder akka, ClusterNodeParts node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var (options, cluster, store, ledger, share, routes, clock) = node;
        var journalTable = JournalDatabaseOptions.Default;
        journalTable.JournalTable ??= JournalTableOptions.Default;
        journalTable.JournalTable.UseWriterUuidColumn = false;
        var journal = new SqlJournalOptions(isDefaultPlugin: true)
        {
            ConnectionString = cluster.Postgres.Value,
            ProviderName = ProviderName.PostgreSQL15,
            AutoInitialize = false,
            TagStorageMode = TagMode.Csv,
            DeleteCompatibilityMode = false,
            DatabaseOptions = journalTable,
        };

        return akka
            .ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.WarningLevel;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            })
            .WithRemoting(hostname: cluster.Host, port: cluster.Port)
            .WithClustering(new ClusterOptions
            {
                Roles = [RelayAkkaHostingExtensions.Role],
                LogInfo = false,
                SeedNodes = [.. cluster.SeedAddresses(RelayAkkaHostingExtensions.SystemName)],
                SplitBrainResolver = new KeepMajorityOption(),
            })
            .WithSqlPersistence(journal, null)
            .AddHocon(ClusterHocon(cluster), HoconAddMode.Prepend)
            .WithCustomSerializer("pvtcoms-mailbox", [typeof(IMailboxEvent)], system => new MailboxEventSerializer(system))
            .WithCustomSerializer("pvtcoms-cluster", ClusterMessageSerializer.Types, system => new ClusterMessageSerializer(system))
            .WithShardRegion<MailboxRegion>(
                "mailbox",
                mailboxId => MailboxActor.Props(mailboxId, options.Mailbox, ledger, () => clock.Today),
                new MailboxMessageExtractor(),
                new ShardOptions
                {
                    Role = RelayAkkaHostingExtensions.Role,
                    StateStoreMode = StateStoreMode.DData,
                    RememberEntities = false,
                    PassivateIdleEntityAfter = options.PassivateIdleAfter,
                })
            .WithSingleton<ClusterSweeper>(
                ClusterSweeper.ActorName,
                (_, registry, _) => ClusterSweepActor.Props(store, clock, registry.Get<MailboxRegion>(), options.SweepInterval, options.MailboxTimeout),
                new ClusterSingletonOptions { Role = RelayAkkaHostingExtensions.Role },
                createProxyToo: true)
            .WithActors(async (system, registry) =>
            {
                // Ready means: this node is Up in the cluster and the shard region answers.
                var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
                await up.Task.WaitAsync(TimeSpan.FromSeconds(120)).ConfigureAwait(false);

                var region = registry.Get<MailboxRegion>();
                var routesActor = system.ActorOf(ConfirmRoutesActor.Props(routes, region, options.MailboxTimeout), ConfirmRoutes.ActorName);
                registry.Register<ConfirmRoutes>(routesActor);
                system.ActorOf(LedgerRefreshActor.Props(store, share, cluster.LedgerRefreshInterval), "ledger-refresh");


                await WarmUpAsync(region).ConfigureAwait(false);
            });
    }

    /// <summary>Asks the warm-up mailbox until it answers (5 s per attempt, 90 s in all; its shard may be settling).</summary>
    private static async Task WarmUpAsync(IActorRef region)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                await region.Ask<FetchResult>(new Fetch("warm-up"), TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                return;
            }
            catch (AskTimeoutException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }

    /// <summary>
    /// The coarse-time journal class over Akka.Persistence.Sql; the split-brain resolver's stable-after; frames
    /// large enough for a full mailbox; the same quiet logging and shutdown rules as the single node.
    /// </summary>
    private static string ClusterHocon(RelayClusterOptions cluster) => $$"""
        akka.persistence.journal.sql {
          class = "{{typeof(CoarseTimeJournal).AssemblyQualifiedName}}"
          replay-filter.mode = off
        }
        akka.persistence.snapshot-store.plugin = "akka.persistence.no-snapshot-store"
        akka.cluster.downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
        akka.cluster.split-brain-resolver.active-strategy = keep-majority
        akka.cluster.split-brain-resolver.stable-after = {{(int)cluster.StableAfter.TotalMilliseconds}}ms
        akka.cluster.sharding.rebalance-interval = {{(int)cluster.RebalanceInterval.TotalMilliseconds}}ms
        akka.remote.dot-netty.tcp.maximum-frame-size = {{MaximumFrameBytes}}b
        akka.remote.dot-netty.tcp.send-buffer-size = {{MaximumFrameBytes}}b
        akka.remote.dot-netty.tcp.receive-buffer-size = {{MaximumFrameBytes}}b
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        akka.cluster.log-info = off
        akka.cluster.sharding.verbose-debug-logging = off
        """;
}
