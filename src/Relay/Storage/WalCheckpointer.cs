using Microsoft.Data.Sqlite;

namespace Pvtcoms.Relay.Storage;

/// <summary>
/// Copies the journal's WAL into the database file beside the writer, not in its way (ADR 0122). SQLite's automatic
/// checkpoint runs inside the committing connection: every 16 MiB of WAL the writer stopped for the copy and the
/// database file's <c>fsync</c>, and every deposit queued behind it waited (the relay's p99 latency). Here one thread
/// with its own connection runs a <c>PASSIVE</c> checkpoint every <see cref="Interval"/>; a passive checkpoint never
/// blocks the writer, which keeps appending meanwhile. What it cannot do alone is restart the WAL (write it again from
/// its start): that needs a moment when every frame has been copied and the writer begins its next transaction, which
/// a steady stream of commits never leaves. So when the WAL holds more than <see cref="RestartFrames"/> frames it asks
/// the writer (<see cref="RestartWanted"/>) to run one more passive checkpoint itself between two commits: by then only
/// the frames of the last interval are left to copy, and the writer's next transaction starts the WAL over.
/// </summary>
public sealed class WalCheckpointer : IDisposable
{
    /// <summary>How often the background checkpoint runs.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>WAL frames (4 KiB pages) above which the writer is asked to let the WAL start over: 64 MiB.</summary>
    public const long DefaultRestartFrames = 16_384;

    private const string PassiveCheckpoint = "PRAGMA wal_checkpoint(PASSIVE);";

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _checkpoint;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;
    private volatile bool _restartWanted;

    public WalCheckpointer(RelayDatabase database)
        : this(database, DefaultInterval, DefaultRestartFrames)
    {
    }

    /// <param name="interval">Time between two background checkpoints.</param>
    /// <param name="restartFrames">WAL size, in frames, from which <see cref="RestartWanted"/> is set.</param>
    public WalCheckpointer(RelayDatabase database, TimeSpan interval, long restartFrames)
    {
        Interval = interval;
        RestartFrames = restartFrames;
        _connection = database.Open();
        _checkpoint = _connection.CreateCommand();
        _checkpoint.CommandText = PassiveCheckpoint;
        _thread = new Thread(Run) { IsBackground = true, Name = "relay-wal-checkpoint" };
        _thread.Start();
    }

    public TimeSpan Interval { get; }

    public long RestartFrames { get; }

    /// <summary>The WAL has grown past <see cref="RestartFrames"/>: the writer should checkpoint once between commits.</summary>
    public bool RestartWanted => _restartWanted;

    /// <summary>
    /// Runs a passive checkpoint on <paramref name="connection"/> (the writer's, between two transactions) and
    /// clears <see cref="RestartWanted"/>. Returns the WAL's frame count and how many of them are now copied.
    /// </summary>
    public (long WalFrames, long Copied) CatchUp(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _restartWanted = false;
        using var command = connection.CreateCommand();
        command.CommandText = PassiveCheckpoint;
        try
        {
            return Read(command);
        }
        catch (SqliteException)
        {
            // Another checkpoint holds the checkpoint lock: the background one asks again later.
            return (0, 0);
        }
    }

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _checkpoint.Dispose();
        _connection.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        while (!_stop.Wait(Interval))
        {
            try
            {
                var (walFrames, _) = Read(_checkpoint);
                if (walFrames >= RestartFrames)
                {
                    _restartWanted = true;
                }
            }
            catch (SqliteException)
            {
                // Busy or locked (another checkpoint, e.g. the maintenance's TRUNCATE one, is running): next interval.
            }
        }
    }

    /// <summary>The checkpoint pragma's row: (busy flag, frames in the WAL, frames copied into the database).</summary>
    private static (long WalFrames, long Copied) Read(SqliteCommand checkpoint)
    {
        using var reader = checkpoint.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(1), reader.GetInt64(2)) : (0, 0);
    }
}
