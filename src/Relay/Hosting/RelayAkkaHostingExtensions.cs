using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Pvtcoms.Relay.Configuration;
using Pvtcoms.Relay.Mailbox;
using Pvtcoms.Relay.Storage;

namespace Pvtcoms.Relay.Hosting;

/// <summary>
/// The relay's actor system, wired once: a single-node cluster (remoting on loopback only), the mailbox
/// shard region, the relay's SQLite journal (group commit, secure delete), the event serializer
/// and the maintenance actor. A cluster of relays adds seed nodes and a shared database; nothing else changes.
/// </summary>
public static class RelayAkkaHostingExtensions
{
    public const string SystemName = "pvtcoms-relay";
    public const string Role = "relay";

    public static IServiceCollection AddRelayActors(this IServiceCollection services, RelayOptions options, RelayDatabase database, StorageLedger ledger, RelayClock clock)
    {
        services.AddAkka(SystemName, (akka, _) => akka.AddRelay(options, database, ledger, clock));
        return services;
    }

    public static AkkaConfigurationBuilder AddRelay(this AkkaConfigurationBuilder akka, RelayOptions options, RelayDatabase database, StorageLedger ledger, RelayClock clock)
    {
        return akka
            .ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.WarningLevel;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            })
            .WithRemoting(hostname: "127.0.0.1", port: 0)
            .WithClustering(new ClusterOptions { Roles = [Role], LogInfo = false })
            .AddHocon(JournalHocon(database), HoconAddMode.Prepend)
            .AddHocon(RelayHocon, HoconAddMode.Prepend)
            .AddHocon(SingleNodeTimingHocon, HoconAddMode.Prepend)
            .WithCustomSerializer("pvtcoms-mailbox", [typeof(IMailboxEvent)], system => new MailboxEventSerializer(system))
            .WithShardRegion<MailboxRegion>(
                "mailbox",
                mailboxId => MailboxActor.Props(mailboxId, options.Mailbox, ledger, () => clock.Today),
                new MailboxMessageExtractor(),
                new ShardOptions
                {
                    Role = Role,
                    StateStoreMode = StateStoreMode.DData,
                    RememberEntities = false,
                    PassivateIdleEntityAfter = options.PassivateIdleAfter,
                })
            .WithActors(async (system, registry) =>
            {
                // Ready means able to take a deposit: the node is Up, the shard region answers, the journal is open.
                var cluster = Cluster.Get(system);
                var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                cluster.RegisterOnMemberUp(() => up.TrySetResult());
                cluster.Join(cluster.SelfAddress);
                await up.Task.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);

                var region = registry.Get<MailboxRegion>();
                await WarmUpAsync(region).ConfigureAwait(false);

                var maintenance = system.ActorOf(
                    RelayMaintenanceActor.Props(database, clock, region, options.SweepInterval, options.CheckpointInterval, options.MailboxTimeout),
                    "maintenance");
                registry.Register<RelayMaintenance>(maintenance);
            });
    }

    /// <summary>
    /// Asks the warm-up mailbox until it answers (60 s in all). A first message can be lost while the single-node
    /// shard coordinator is still settling (seen with a very short passivation timeout); a retry is harmless
    /// because a fetch changes nothing. The first attempts are short (a lost one then costs 0.25 s, not 5 s) and
    /// each attempt waits twice as long as the one before, up to 5 s, so a slow first journal open is not
    /// flooded with asks.
    /// </summary>
    private static async Task WarmUpAsync(IActorRef region)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var attempt = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await region.Ask<FetchResult>(new Fetch(WarmUpMailboxId), attempt).ConfigureAwait(false);
                return;
            }
            catch (AskTimeoutException) when (DateTime.UtcNow < deadline)
            {
                attempt = TimeSpan.FromTicks(Math.Min(attempt.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    /// <summary>A mailbox no token hashes to (tokens give 32 hex characters); asked once at start to warm the path.</summary>
    private const string WarmUpMailboxId = "warm-up";

    /// <summary>
    /// The relay's own SQLite journal (ADR 0055) on <paramref name="database"/>. Rows carry no writer id, so
    /// the replay filter (which compares writer ids) is off.
    /// </summary>
    private static string JournalHocon(RelayDatabase database) => $$"""
        akka.persistence.journal.plugin = "{{RelayJournal.PluginId}}"
        {{RelayJournal.PluginId}} {
          class = "{{typeof(RelayJournal).AssemblyQualifiedName}}"
          plugin-dispatcher = "akka.actor.default-dispatcher"
          database-path = "{{HoconString(database.Path)}}"
          replay-filter.mode = off
        }
        """;

    private static string HoconString(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>
    /// No snapshot store (compaction events replace snapshots); the actor system stops only when the host stops
    /// it (after the HTTP front has drained), never on its own on SIGTERM; no dead-letter logging (a dead letter
    /// could name a mailbox).
    /// </summary>
    private const string RelayHocon = """
        akka.persistence.snapshot-store.plugin = "akka.persistence.no-snapshot-store"
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        akka.cluster.log-info = off
        akka.cluster.sharding.verbose-debug-logging = off
        """;

    /// <summary>
    /// Timing of a single-node relay (docs/PERFORMANCE.md, "Testbed"): the defaults are tuned for a cluster on a
    /// network (1 s gossip and leader ticks, 2 s shard registration retries, 5 s coordinator back-off), and a
    /// single node pays each of them once on its start (self-join → Up → coordinator singleton → shard
    /// allocation → first entity) and on its stop (Leaving → Exiting → Removed). On one node nothing crosses a
    /// network, so the ticks are short; a cluster of relays overrides them with its own values.
    /// </summary>
    private const string SingleNodeTimingHocon = """
        akka.cluster.min-nr-of-members = 1
        akka.cluster.seed-node-timeout = 1s
        akka.cluster.gossip-interval = 200ms
        akka.cluster.leader-actions-interval = 100ms
        akka.cluster.periodic-tasks-initial-delay = 0s
        akka.cluster.down-removal-margin = off
        akka.cluster.singleton.hand-over-retry-interval = 50ms
        # (the shard coordinator's singleton settings are a path to akka.cluster.singleton: not set separately)
        akka.cluster.sharding.retry-interval = 50ms
        akka.cluster.sharding.coordinator-failure-backoff = 500ms
        akka.cluster.sharding.shard-start-timeout = 2s
        akka.coordinated-shutdown.phases.cluster-sharding-shutdown-region.timeout = 2s
        akka.coordinated-shutdown.phases.cluster-leave.timeout = 2s
        akka.coordinated-shutdown.phases.cluster-exiting.timeout = 2s
        """;
}
