using Microsoft.Data.Sqlite;

namespace Pvtcoms.Relay.Storage;

/// <summary>
/// The relay's SQLite file (relay.db): WAL mode, secure delete, the journal table (docs/RELAY.md, "Journal
/// rows"; written by <see cref="RelayJournal"/>), and the few direct queries the relay makes beside the
/// journal: totals at start-up, mailboxes due for a sweep, and truncating checkpoints so deleted bytes
/// leave the WAL.
/// </summary>
public sealed class RelayDatabase
{
    public const string JournalTable = "journal";

    /// <summary>
    /// Run on every connection: deleted content is overwritten with zeros (<c>secure_delete</c>), commits are
    /// synced (<c>synchronous = FULL</c>: a deposit is acknowledged only once it would survive power loss),
    /// lock waits are handled inside SQLite.
    /// </summary>
    public const string Pragmas = "PRAGMA secure_delete = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000;";

    private const string CreateJournal =
        $"CREATE TABLE IF NOT EXISTS {JournalTable} (" +
        "persistence_id TEXT NOT NULL, sequence_number INTEGER NOT NULL, sweep_day INTEGER NOT NULL, " +
        "manifest TEXT NOT NULL, message BLOB NOT NULL, PRIMARY KEY (persistence_id, sequence_number));";

    private const string CreateSweepIndex = $"CREATE INDEX IF NOT EXISTS journal_due ON {JournalTable}(sweep_day);";

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

    /// <summary>
    /// Creates the file and the journal table if needed, puts the file in WAL mode (a persistent setting of the
    /// file), and converts a journal of the earlier Akka.Persistence.Sql layout (ADR 0055) in one transaction.
    /// </summary>
    public void Prepare()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode = WAL;");
        Execute(connection, "BEGIN IMMEDIATE;");
        if (HasColumn(connection, "ordering"))
        {
            // Live rows only; the day ticks of the old timestamp column become day numbers. Dropping the old
            // table drops its indexes (and zeroes its pages: secure_delete).
            Execute(connection, $"ALTER TABLE {JournalTable} RENAME TO journal_sql;");
            Execute(connection, CreateJournal);
            Execute(connection,
                $"INSERT INTO {JournalTable} (persistence_id, sequence_number, sweep_day, manifest, message) " +
                $"SELECT persistence_id, sequence_number, (created - {DateTime.UnixEpoch.Ticks}) / {TimeSpan.TicksPerDay}, manifest, message " +
                "FROM journal_sql WHERE deleted = 0;");
            Execute(connection, "DROP TABLE journal_sql;");
        }

        Execute(connection, CreateJournal);
        Execute(connection, CreateSweepIndex);
        Execute(connection, "COMMIT;");
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        Execute(connection, Pragmas);
        return connection;
    }

    /// <summary>Every mailbox id with at least one row (read once at start to fill the <see cref="MailboxIdFilter"/>).</summary>
    public IEnumerable<string> MailboxIdsWithRows()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT DISTINCT persistence_id FROM {JournalTable};";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return reader.GetString(0);
        }
    }

    /// <summary>Blobs and blob bytes held by the journal (deposits and compactions).</summary>
    public (long Blobs, long Bytes) ReadTotals()
    {
        using var connection = Open();
        long blobs = 0, bytes = 0;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT count(*), coalesce(sum(length(message)), 0) FROM {JournalTable} WHERE manifest = $m;";
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
            command.CommandText = $"SELECT substr(message, 1, 4), length(message) FROM {JournalTable} WHERE manifest = $m;";
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

    /// <summary>Mailboxes with a row whose sweep day has come (at most <paramref name="limit"/>).</summary>
    public IReadOnlyList<string> MailboxesDue(int today, int limit)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT DISTINCT persistence_id FROM {JournalTable} WHERE sweep_day <= $due LIMIT $limit;";
        command.Parameters.AddWithValue("$due", today);
        command.Parameters.AddWithValue("$limit", limit);
        var result = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(reader.GetString(0));
        }

        return result;
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

    private static bool HasColumn(SqliteConnection connection, string column)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM pragma_table_info('{JournalTable}') WHERE name = $c;";
        command.Parameters.AddWithValue("$c", column);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
