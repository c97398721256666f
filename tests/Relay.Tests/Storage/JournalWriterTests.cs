using Microsoft.Data.Sqlite;
using Pvtcoms.Relay.Storage;
using Pvtcoms.Relay.Tests.Support;

namespace Pvtcoms.Relay.Tests.Storage;

public sealed class JournalWriterTests
{
    /// <summary>Records, on the thread that reports commits, what was committed and whether its row was readable by then.</summary>
    private sealed class Recorder(RelayDatabase database, List<string> log, string name, long sequenceNr) : IJournalCompletion
    {
        public void Committed()
        {
            using var connection = database.Open();
            using var query = connection.CreateCommand();
            query.CommandText = "SELECT count(*) FROM journal WHERE persistence_id = 'w' AND sequence_number = $s;";
            query.Parameters.AddWithValue("$s", sequenceNr);
            var visible = Convert.ToInt64(query.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            lock (log)
            {
                log.Add($"{name} committed, visible {visible}");
            }
        }

        public void Failed(Exception cause)
        {
            lock (log)
            {
                log.Add($"{name} failed ({cause.GetType().Name})");
            }
        }
    }

    private static JournalRow Row(long sequenceNr) => new("w", sequenceNr, 1, "D", new byte[64]);

    [Fact]
    public async Task Completions_come_after_the_commit_in_queue_order_and_a_bad_write_fails_only_itself()
    {
        using var directory = new TempDirectory();
        var database = new RelayDatabase(Path.Combine(directory.Path, "relay.db"));
        database.Prepare();
        var log = new List<string>();
        using (var writer = new JournalWriter(database))
        {
            for (var i = 1; i <= 50; i++)
            {
                writer.Write([[Row(i)]], new Recorder(database, log, $"w{i}", i));
            }

            // Sequence number 7 exists already: this one fails, its neighbours do not.
            writer.Write([[Row(7)]], new Recorder(database, log, "dup", 7));
            writer.Write([[Row(51)]], new Recorder(database, log, "w51", 51));

            // Callers hear once the WAL is synced, which may be after later transactions committed (ADR 0122): the
            // deletion waits until everything before it was reported, so that it cannot hide their rows from them.
            await writer.WriteAsync([[Row(52)]]);
            writer.DeleteTo("w", 10, new Recorder(database, log, "delete", 10));
            await writer.WriteAsync([[Row(53)]]);
        }

        var expected = Enumerable.Range(1, 50).Select(i => $"w{i} committed, visible 1")
            .Append("dup failed (DuplicateSequenceNumberException)")
            .Append("w51 committed, visible 1")
            .Append("delete committed, visible 0");
        Assert.Equal(expected, log);

        using var connection = database.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*), min(sequence_number), max(sequence_number) FROM journal;";
        using var reader = count.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal((43L, 11L, 53L), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public void A_write_queued_after_dispose_fails_instead_of_hanging()
    {
        using var directory = new TempDirectory();
        var database = new RelayDatabase(Path.Combine(directory.Path, "relay.db"));
        database.Prepare();
        var log = new List<string>();
        var writer = new JournalWriter(database);
        writer.Dispose();
        writer.Write([[Row(1)]], new Recorder(database, log, "late", 1));
        Assert.Equal(["late failed (ObjectDisposedException)"], log);
        SqliteConnection.ClearAllPools();
    }
}
