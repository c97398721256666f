using Akka.Actor;
using Akka.Event;

namespace Pvtcoms.Relay.Clustering;

/// <summary>Every node: re-reads the stored totals from PostgreSQL on a timer and re-applies its share of the caps.</summary>
public sealed class LedgerRefreshActor : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeSpan _interval;

    public LedgerRefreshActor(PostgresRelayStore store, ClusterStorageShare share, TimeSpan interval)
    {
        _interval = interval;
        ReceiveAsync<Refresh>(async _ =>
        {
            try
            {
                var (blobs, bytes) = await Task.Run(store.ReadTotals);
                share.Apply(blobs, bytes, ClusterMembership.UpRelays(Context.System));
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
            {
                _log.Warning("Reading the stored totals failed ({0}); retried on the next interval.", e.GetType().Name);
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(PostgresRelayStore store, ClusterStorageShare share, TimeSpan interval) =>
        Akka.Actor.Props.Create(() => new LedgerRefreshActor(store, share, interval));

    protected override void PreStart() => Timers.StartPeriodicTimer("refresh", Refresh.Instance, TimeSpan.FromSeconds(1), _interval);

    private sealed class Refresh
    {
        public static readonly Refresh Instance = new();
    }
}
