using System.Collections.Immutable;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql.Journal;
using Pvtcoms.Relay.Mailbox;

namespace Pvtcoms.Relay.Clustering;

/// <summary>
/// Akka.Persistence.Sql's journal (on PostgreSQL in a cluster), except that each row's <c>created</c> column
/// holds the event's coarse sweep day (<see cref="IMailboxEvent.SweepDay"/>, midnight UTC, in DateTime ticks)
/// instead of the moment it was written: the database keeps no time finer than expiry needs, and the sweeper
/// finds due rows by that column. (The single-node relay's own SQLite journal stores the day directly.)
/// </summary>
public sealed class CoarseTimeJournal : SqlWriteJournal
{
    public CoarseTimeJournal(Config journalConfig)
        : base(journalConfig)
    {
    }

    /// <summary>DateTime ticks of midnight UTC on <paramref name="day"/> (days since 1970-01-01).</summary>
    public static long DayTicks(int day) => DateTime.UnixEpoch.Ticks + (day * TimeSpan.TicksPerDay);

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken) =>
        base.WriteMessagesAsync(messages.Select(Coarsen).ToList(), cancellationToken);

    private static AtomicWrite Coarsen(AtomicWrite write)
    {
        var batch = (IImmutableList<IPersistentRepresentation>)write.Payload;
        return new AtomicWrite(batch
            .Select(p => p.WithTimestamp(DayTicks(p.Payload is IMailboxEvent e ? e.SweepDay : 0)))
            .ToImmutableList());
    }
}
