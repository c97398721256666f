using Microsoft.Data.Sqlite;
using Pvtcoms.Relay.Storage;
using Pvtcoms.Relay.Tests.Support;

namespace Pvtcoms.Relay.Tests.Storage;

public sealed class RelayDatabaseTests
{
    [Fact]
    public void A_journal_of_the_earlier_Akka_Persistence_Sql_layout_is_converted_keeping_live_rows_only()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "relay.db");
        const int ExpiryDay = 20_500;
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText =
                "CREATE TABLE journal (ordering INTEGER PRIMARY KEY AUTOINCREMENT, deleted INTEGER NOT NULL, persistence_id TEXT NOT NULL, " +
                "sequence_number INTEGER NOT NULL, created INTEGER NOT NULL, tags TEXT NULL, message BLOB NOT NULL, identifier INTEGER NOT NULL, manifest TEXT NOT NULL);" +
                "CREATE INDEX journal_due ON journal(created) WHERE deleted = 0;" +
                "INSERT INTO journal (deleted, persistence_id, sequence_number, created, message, identifier, manifest) VALUES " +
                $"(0, 'live', 1, {DateTime.UnixEpoch.Ticks + (ExpiryDay * TimeSpan.TicksPerDay)}, x'0102', 4701, 'D'), " +
                $"(1, 'gone', 7, {DateTime.UnixEpoch.Ticks}, x'03', 4701, 'B');";
            create.ExecuteNonQuery();
        }

        var database = new RelayDatabase(path);
        database.Prepare();
        database.Prepare();

        using var check = database.Open();
        using var query = check.CreateCommand();
        query.CommandText = "SELECT persistence_id, sequence_number, sweep_day, manifest, hex(message) FROM journal;";
        using var reader = query.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("live", reader.GetString(0));
        Assert.Equal(1, reader.GetInt64(1));
        Assert.Equal(ExpiryDay, reader.GetInt64(2));
        Assert.Equal("D", reader.GetString(3));
        Assert.Equal("0102", reader.GetString(4));
        Assert.False(reader.Read());
        reader.Close();
        Assert.Equal(["live"], database.MailboxesDue(ExpiryDay, 10));
        Assert.Empty(database.MailboxesDue(ExpiryDay - 1, 10));
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public void A_journal_of_the_keyed_layout_is_converted_with_every_row_indexed()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "relay.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText =
                "CREATE TABLE journal (persistence_id TEXT NOT NULL, sequence_number INTEGER NOT NULL, sweep_day INTEGER NOT NULL, " +
                "manifest TEXT NOT NULL, message BLOB NOT NULL, PRIMARY KEY (persistence_id, sequence_number));" +
                "CREATE INDEX journal_due ON journal(sweep_day);" +
                "INSERT INTO journal VALUES ('b', 2, 30, 'D', x'0202'), ('a', 1, 10, 'D', x'0101'), ('b', 1, 20, 'C', x'0201');";
            create.ExecuteNonQuery();
        }

        var database = new RelayDatabase(path);
        database.Prepare();
        database.Prepare();

        using var check = database.Open();
        using var query = check.CreateCommand();
        query.CommandText =
            "SELECT i.persistence_id, i.sequence_number, j.sweep_day, j.manifest, hex(j.message) FROM journal_index i JOIN journal j ON j.id = i.row_id " +
            "ORDER BY i.persistence_id, i.sequence_number;";
        var rows = new List<string>();
        using (var reader = query.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add($"{reader.GetString(0)} {reader.GetInt64(1)} {reader.GetInt64(2)} {reader.GetString(3)} {reader.GetString(4)}");
            }
        }

        Assert.Equal(["a 1 10 D 0101", "b 1 20 C 0201", "b 2 30 D 0202"], rows);
        query.CommandText = "SELECT count(*) FROM journal;";
        Assert.Equal(3L, query.ExecuteScalar());
        query.CommandText = "SELECT up_to FROM journal_indexed;";
        Assert.Equal(3L, query.ExecuteScalar());
        query.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'journal_keyed';";
        Assert.Equal(0L, query.ExecuteScalar());
        Assert.Equal(["a", "b"], database.MailboxIdsWithRows().Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(["a", "b"], database.MailboxesDue(20, 10).Order(StringComparer.Ordinal));
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public void The_mailbox_filter_never_forgets_an_id_it_was_given()
    {
        var filter = new MailboxIdFilter();
        var ids = Enumerable.Range(0, 20_000).Select(_ => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))).ToList();
        foreach (var id in ids)
        {
            filter.Add(id);
        }

        filter.Add("warm-up");
        Assert.All(ids, id => Assert.True(filter.MayContain(id)));
        Assert.True(filter.MayContain("warm-up"));
        var strangers = Enumerable.Range(0, 20_000).Count(_ => filter.MayContain(Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))));
        Assert.True(strangers < 10, $"{strangers} false positives out of 20,000");
    }
}
