using Npgsql;
using Pvtcoms.Relay.Clustering;
using Pvtcoms.Relay.Configuration;
using Pvtcoms.Relay.Storage;

namespace Pvtcoms.Relay.Tests.Cluster;

/// <summary>The cluster's direct queries on the PostgreSQL journal: schema, totals, due mailboxes, emptied markers.</summary>
[Collection(RelayClusterCollection.Name)]
public sealed class PostgresRelayStoreTests
{
    private readonly RelayClusterFixture _cluster;

    public PostgresRelayStoreTests(RelayClusterFixture cluster)
    {
        _cluster = cluster;
    }

    [Fact]
    public async Task The_store_counts_live_blobs_finds_due_mailboxes_and_forgets_only_fully_deleted_ones()
    {
        var connectionString = _cluster.Postgres.CreateDatabase("store_" + Guid.NewGuid().ToString("N")[..8]);
        using var store = new PostgresRelayStore(new PostgresConnection(connectionString));
        store.Prepare();
        store.Prepare();

        const int today = 20_000;
        Insert(connectionString, "due", 1, deleted: false, day: today - 1, MailboxEventSerializer.DepositedManifest, new byte[MailboxEventSerializer.DepositedHeaderSize + 1024]);
        Insert(connectionString, "later", 1, deleted: false, day: today + 5, MailboxEventSerializer.DepositedManifest, new byte[MailboxEventSerializer.DepositedHeaderSize + 4096]);
        Insert(connectionString, "emptied", 7, deleted: true, day: today - 3, MailboxEventSerializer.EmptiedManifest, []);
        Insert(connectionString, "half", 2, deleted: true, day: today - 3, MailboxEventSerializer.DepositedManifest, new byte[MailboxEventSerializer.DepositedHeaderSize + 1024]);
        Insert(connectionString, "half", 3, deleted: false, day: today + 9, MailboxEventSerializer.BurnedManifest, new byte[4]);

        Assert.Equal((2L, 1024L + 4096L), store.ReadTotals());
        Assert.Equal(["due"], await store.MailboxesDueAsync(today, 100, CancellationToken.None));

        Assert.Equal(1, await store.ForgetEmptiedMailboxesAsync(CancellationToken.None));
        Assert.Equal(0, Count(connectionString, "emptied"));
        Assert.Equal(2, Count(connectionString, "half"));
    }

    [Fact]
    public void The_store_and_its_connection_print_nothing_of_the_connection_string()
    {
        var connection = new PostgresConnection(_cluster.Postgres.ConnectionString());
        Assert.DoesNotContain(_cluster.Postgres.Password, connection.ToString(), StringComparison.Ordinal);
        var options = new RelayOptions { DataDirectory = "/nonexistent", Cluster = new RelayClusterOptions { Postgres = connection } };
        Assert.DoesNotContain(_cluster.Postgres.Password, options.ToString(), StringComparison.Ordinal);
    }

    private static void Insert(string connectionString, string persistenceId, long sequenceNr, bool deleted, int day, string manifest, byte[] message)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            "INSERT INTO journal (deleted, persistence_id, sequence_number, created, message, identifier, manifest) VALUES (@d, @p, @s, @c, @m, 4701, @f);",
            connection);
        command.Parameters.AddWithValue("d", deleted);
        command.Parameters.AddWithValue("p", persistenceId);
        command.Parameters.AddWithValue("s", sequenceNr);
        command.Parameters.AddWithValue("c", CoarseTimeJournal.DayTicks(day));
        command.Parameters.AddWithValue("m", message);
        command.Parameters.AddWithValue("f", manifest);
        command.ExecuteNonQuery();
    }

    private static long Count(string connectionString, string persistenceId)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT count(*) FROM journal WHERE persistence_id = @p;", connection);
        command.Parameters.AddWithValue("p", persistenceId);
        return (long)command.ExecuteScalar()!;
    }
}
