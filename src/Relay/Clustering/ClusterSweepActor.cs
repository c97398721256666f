using Akka.Actor;
using Akka.Event;
using Pvtcoms.Relay.Mailbox;
using Pvtcoms.Relay.Storage;

namespace Pvtcoms.Relay.Clustering;

/// <summary>
/// The cluster's one sweeper (run as a cluster singleton on the oldest relay node): wakes mailboxes whose rows
/// are due (expired blobs, digests to forget, an interrupted compaction) through the shard region, wherever
/// they live, then removes the marker rows of emptied mailboxes. Running it on several nodes at once would
/// also be safe (a sweep is idempotent in the mailbox); the singleton only avoids doing the work N times.
/// </summary>
public sealed class ClusterSweepActor : ReceiveActor, IWithTimers
{
    private const int MaxBatchesPerSweep = 200;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeSpan _interval;

    public ClusterSweepActor(PostgresRelayStore store, RelayClock clock, IActorRef mailboxes, TimeSpan interval, TimeSpan mailboxTimeout)
    {
        _interval = interval;
        ReceiveAsync<RelayMaintenanceActor.SweepNow>(async _ =>
        {
            var replyTo = Sender;
            var swept = await SweepAsync(store, clock, mailboxes, mailboxTimeout);
            replyTo.Tell(new RelayMaintenanceActor.SweepDone(swept));
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(PostgresRelayStore store, RelayClock clock, IActorRef mailboxes, TimeSpan interval, TimeSpan mailboxTimeout) =>
        Akka.Actor.Props.Create(() => new ClusterSweepActor(store, clock, mailboxes, interval, mailboxTimeout));

    protected override void PreStart()
    {
        Timers.StartSingleTimer("first-sweep", RelayMaintenanceActor.SweepNow.Instance, TimeSpan.FromSeconds(5));
        Timers.StartPeriodicTimer("sweep", RelayMaintenanceActor.SweepNow.Instance, _interval);
    }

    private async Task<int> SweepAsync(PostgresRelayStore store, RelayClock clock, IActorRef mailboxes, TimeSpan mailboxTimeout)
    {
        try
        {
            var today = clock.Today;
            var total = 0;
            for (var batch = 0; batch < MaxBatchesPerSweep; batch++)
            {
                var due = await store.MailboxesDueAsync(today, RelayMaintenanceActor.SweepBatch, CancellationToken.None);
                var replies = due.Select(id => mailboxes.Ask<Swept>(new Sweep(id, today), mailboxTimeout)).ToList();
                foreach (var reply in replies)
                {
                    try
                    {
                        total += (await reply).Expired;
                    }
                    catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
                    {
                        // The next sweep retries it.
                    }
                }

                if (due.Count < RelayMaintenanceActor.SweepBatch)
                {
                    break;
                }
            }

            await store.ForgetEmptiedMailboxesAsync(CancellationToken.None);
            return total;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            _log.Warning("Sweep failed ({0}); retried on the next interval.", e.GetType().Name);
            return 0;
        }
    }
}
