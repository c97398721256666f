using Microsoft.Data.Sqlite;

namespace Pvtcoms.Relay.Storage;

/// <summary>
/// The relay's SQLite file (relay.db): WAL mode, secure delete, and the few direct queries the relay
/// makes beside the Akka journal: totals at start-up, mailboxes due for a sweep, forgetting mailboxes
/// whose every row is deleted, and truncating checkpoints so deleted bytes leave the WAL.
/// </summary>
public sealed class RelayDatabase
{
    public const string JournalTable = "journal";

    public RelayDatabase(string path)
    {
        Path = path;
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    public string ConnectionString { get; }

    /// <summary>Creates the file if needed and puts it in WAL mode (a persistent setting of the file).</summary>
    public void Prepare()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode = WAL;");
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        SqlitePragmaInterceptor.Apply(connection);
        return connection;
    }

    public bool JournalExists()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name;";
        command.Parameters.AddWithValue("$name", JournalTable);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Indexes the sweeper needs (created once the journal table exists).</summary>
    public void EnsureSweepIndexes()
    {
        using var connection = Open();
        Execute(connection, $"CREATE INDEX IF NOT EXISTS journal_due ON {JournalTable}(created) WHERE deleted = 0;");
        Execute(connection, $"CREATE INDEX IF NOT EXISTS journal_forgotten ON {JournalTable}(persistence_id) WHERE deleted = 1;");
    }

    /// <summary>Blobs and blob bytes held by live journal rows (deposits and compactions).</summary>
    public (long Blobs, long Bytes) ReadTotals()
    {
        if (!JournalExists())
        {
            return (0, 0);
        }

        using var connection = Open();
        long blobs = 0, bytes = 0;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT count(*), coalesce(sum(length(message)), 0) FROM {JournalTable} WHERE deleted = 0 AND manifest = $m;";
            command.Parameters.AddWithValue("$m", MailboxEventSerializer.DepositedManifest);
            using var reader = command.ExecuteReader();
            if (reader.Read())
            {
                blobs = reader.GetInt64(0);
                bytes = reader.GetInt64(1) - (blobs * MailboxEventSerializer.DepositedHeaderSize);
            }
        }

        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT substr(message, 1, 4), length(message) FROM {JournalTable} WHERE deleted = 0 AND manifest = $m;";
            command.Parameters.AddWithValue("$m", MailboxEventSerializer.CompactedManifest);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var prefix = (byte[])reader.GetValue(0);
                if (prefix.Length == 4)
                {
                    var count = MailboxEventSerializer.PendingCountOfCompacted(prefix);
                    blobs += count;
                    bytes += reader.GetInt64(1);
                }
            }
        }

        return (blobs, bytes);
    }

    /// <summary>Mailboxes with a live row whose sweep day has come (at most <paramref name="limit"/>).</summary>
    public IReadOnlyList<string> MailboxesDue(int today, int limit)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT DISTINCT persistence_id FROM {JournalTable} WHERE deleted = 0 AND created <= $due LIMIT $limit;";
        command.Parameters.AddWithValue("$due", CoarseTimeJournal.DayTicks(today));
        command.Parameters.AddWithValue("$limit", limit);
        var result = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    /// <summary>
    /// Removes the marker rows the journal keeps for mailboxes whose every row is deleted, so an emptied
    /// mailbox leaves nothing behind. Safe while the mailbox is alive: its next event simply starts the
    /// journal afresh above the old sequence number.
    /// </summary>
    public int ForgetEmptiedMailboxes()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            $"DELETE FROM {JournalTable} WHERE deleted = 1 AND NOT EXISTS " +
            $"(SELECT 1 FROM {JournalTable} AS live WHERE live.persistence_id = {JournalTable}.persistence_id AND live.deleted = 0);";
        return command.ExecuteNonQuery();
    }

    /// <summary>Copies the WAL into the database and truncates it to zero bytes. False when readers kept it busy.</summary>
    public bool CheckpointAndTruncate()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        using var reader = command.ExecuteReader();
        return reader.Read() && reader.GetInt64(0) == 0;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
