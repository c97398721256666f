using Akka.Actor;
using Akka.Event;
using Pvtcoms.Relay.Mailbox;

namespace Pvtcoms.Relay.Storage;

/// <summary>
/// Periodic upkeep: wakes mailboxes whose rows are due (expired blobs, digests to forget, an interrupted
/// compaction) and truncates the WAL so that deleted bytes
/// leave the disk. Runs once right after start, then on timers.
/// </summary>
public sealed class RelayMaintenanceActor : ReceiveActor, IWithTimers
{
    public const int SweepBatch = 1000;
    private const int MaxBatchesPerSweep = 200;

    private readonly RelayDatabase _database;
    private readonly RelayClock _clock;
    private readonly IActorRef _mailboxes;
    private readonly TimeSpan _sweepInterval;
    private readonly TimeSpan _checkpointInterval;
    private readonly TimeSpan _mailboxTimeout;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public RelayMaintenanceActor(RelayDatabase database, RelayClock clock, IActorRef mailboxes, TimeSpan sweepInterval, TimeSpan checkpointInterval, TimeSpan mailboxTimeout)
    {
        _database = database;
        _clock = clock;
        _mailboxes = mailboxes;
        _sweepInterval = sweepInterval;
        _checkpointInterval = checkpointInterval;
        _mailboxTimeout = mailboxTimeout;

        // Inside an actor, awaits keep the actor's context (no ConfigureAwait(false)); the sender is taken first.
        ReceiveAsync<SweepNow>(async _ =>
        {
            var replyTo = Sender;
            var swept = await SweepAsync();
            replyTo.Tell(new SweepDone(swept));
        });
        ReceiveAsync<CheckpointNow>(async _ =>
        {
            var replyTo = Sender;
            var truncated = await Task.Run(Checkpoint);
            replyTo.Tell(new CheckpointDone(truncated));
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(RelayDatabase database, RelayClock clock, IActorRef mailboxes, TimeSpan sweepInterval, TimeSpan checkpointInterval, TimeSpan mailboxTimeout) =>
        Akka.Actor.Props.Create(() => new RelayMaintenanceActor(database, clock, mailboxes, sweepInterval, checkpointInterval, mailboxTimeout));

    protected override void PreStart()
    {
        Timers.StartSingleTimer("first-sweep", SweepNow.Instance, TimeSpan.FromSeconds(2));
        Timers.StartPeriodicTimer("sweep", SweepNow.Instance, _sweepInterval);
        Timers.StartPeriodicTimer("checkpoint", CheckpointNow.Instance, _checkpointInterval);
    }

    private async Task<int> SweepAsync()
    {
        try
        {
            var today = _clock.Today;
            var total = 0;
            for (var batch = 0; batch < MaxBatchesPerSweep; batch++)
            {
                var due = await Task.Run(() => _database.MailboxesDue(today, SweepBatch));
                var replies = due.Select(id => _mailboxes.Ask<Swept>(new Sweep(id, today), _mailboxTimeout)).ToList();
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

                if (due.Count < SweepBatch)
                {
                    break;
                }
            }

            return total;
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            _log.Warning("Sweep failed ({0}); retried on the next interval.", e.GetType().Name);
            return 0;
        }
    }

    private bool Checkpoint()
    {
        try
        {
            return _database.CheckpointAndTruncate();
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            _log.Warning("Checkpoint failed (SQLite error {0}); retried on the next interval.", e.SqliteErrorCode);
            return false;
        }
    }

    /// <summary>Sweep now (also sent by tests); replies <see cref="SweepDone"/>.</summary>
    public sealed class SweepNow
    {
        public static readonly SweepNow Instance = new();
    }

    public sealed record SweepDone(int Expired);

    /// <summary>Truncate the WAL now; replies <see cref="CheckpointDone"/>.</summary>
    public sealed class CheckpointNow
    {
        public static readonly CheckpointNow Instance = new();
    }

    public sealed record CheckpointDone(bool Truncated);
}
