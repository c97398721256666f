using Microsoft.Data.Sqlite;
using Pvtcoms.Relay.Storage;
using Pvtcoms.Relay.Tests.Support;

namespace Pvtcoms.Relay.Tests.Storage;

/// <summary>
/// ADR 0122: the writer's connection does not checkpoint; a background connection does, and the WAL still starts over
/// (its file stops growing) while the writer commits without a pause — the control shows the file grows otherwise.
/// </summary>
public sealed class WalCheckpointerTests
{
    private const int Rows = 3000;

    /// <summary>Frames of 4 KiB: 256 frames are 1 MiB of WAL.</summary>
    private const long RestartFrames = 256;

    private static JournalRow Row(long sequenceNr) => new($"m{sequenceNr % 97}", sequenceNr, 1, "D", new byte[1024]);

    [Fact]
    public async Task With_the_checkpointer_the_wal_starts_over_while_the_writer_keeps_committing()
    {
        var (walBytes, rows) = await WriteAsync(db => new WalCheckpointer(db, TimeSpan.FromMilliseconds(2), RestartFrames));

        Assert.Equal(Rows, rows);

        // 3,000 rows of 1 KiB are over 3 MiB of pages, each commit writing its index pages again: a WAL that never
        // started over would hold all of them (the control below). Restarting at 1 MiB keeps it to a few MiB at most.
        Assert.InRange(walBytes, 1, 3 * RestartFrames * 4096);
    }

    [Fact]
    public async Task Control_without_a_checkpoint_the_wal_holds_every_commit()
    {
        var (walBytes, rows) = await WriteAsync(db => new WalCheckpointer(db, TimeSpan.FromHours(1), long.MaxValue));

        Assert.Equal(Rows, rows);
        Assert.True(walBytes > 3 * RestartFrames * 4096, $"WAL {walBytes} bytes");
    }

    [Fact]
    public void Catching_up_on_the_writers_connection_copies_every_frame_and_clears_the_request()
    {
        using var directory = new TempDirectory();
        var database = new RelayDatabase(Path.Combine(directory.Path, "relay.db"));
        database.Prepare();
        using (var checkpointer = new WalCheckpointer(database, TimeSpan.FromHours(1), RestartFrames))
        using (var connection = database.Open())
        {
            using (var settings = connection.CreateCommand())
            {
                settings.CommandText = "PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (x BLOB); INSERT INTO t VALUES (zeroblob(100000));";
                settings.ExecuteNonQuery();
            }

            var (walFrames, copied) = checkpointer.CatchUp(connection);

            Assert.True(walFrames > 20, $"{walFrames} frames");
            Assert.Equal(walFrames, copied);
            Assert.False(checkpointer.RestartWanted);
        }

        SqliteConnection.ClearAllPools();
    }

    private static async Task<(long WalBytes, long Rows)> WriteAsync(Func<RelayDatabase, WalCheckpointer> checkpointer)
    {
        using var directory = new TempDirectory();
        var database = new RelayDatabase(Path.Combine(directory.Path, "relay.db"));
        database.Prepare();
        long walBytes;
        using (var writer = new JournalWriter(database, checkpointer))
        {
            // Commits of a few rows each, one after the other, as deposits arrive.
            for (var i = 1; i <= Rows; i += 10)
            {
                await writer.WriteAsync([.. Enumerable.Range(i, 10).Select(s => new[] { Row(s) })]);
            }

            walBytes = new FileInfo(database.Path + "-wal").Length;
        }

        using var connection = database.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM journal;";
        var rows = (long)count.ExecuteScalar()!;
        SqliteConnection.ClearAllPools();
        return (walBytes, rows);
    }
}
