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

    /// <summary>The table of the index merges' progress: every journal row with an id up to <c>up_to</c> is in <see cref="IndexTable"/>.</summary>
    public const string IndexedTable = "journal_indexed";

    /// <summary>The mailbox index of the journal (ADR 0123): (mailbox, sequence number) → row id, filled by merges.</summary>
    public const string IndexTable = "journal_index";

    private const string CreateJournal =
        $"CREATE TABLE IF NOT EXISTS {JournalTable} (" +
        "id INTEGER PRIMARY KEY AUTOINCREMENT, persistence_id TEXT NOT NULL, sequence_number INTEGER NOT NULL, " +
        "sweep_day INTEGER NOT NULL, manifest TEXT NOT NULL, message BLOB NOT NULL);";

    private const string CreateSweepIndex = $"CREATE INDEX IF NOT EXISTS journal_due ON {JournalTable}(sweep_day);";

    private const string CreateIndex =
        $"CREATE TABLE IF NOT EXISTS {IndexTable} (persistence_id TEXT NOT NULL, sequence_number INTEGER NOT NULL, " +
        "row_id INTEGER NOT NULL, PRIMARY KEY (persistence_id, sequence_number)) WITHOUT ROWID;";

    private const string CreateIndexed =
        $"CREATE TABLE IF NOT EXISTS {IndexedTable} (singleton INTEGER PRIMARY KEY CHECK (singleton = 0), up_to INTEGER NOT NULL);" +
        $"INSERT OR IGNORE INTO {IndexedTable} (singleton, up_to) VALUES (0, 0);";

    /// <summary>The highest journal row id so far (0 for an empty journal); row ids are never reused (AUTOINCREMENT).</summary>
    private const string HighestRowIdSql = $"SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = '{JournalTable}'), 0);";

    /// <summary>
    /// Lists in the index every row with an id in (up_to, $bound], in index order (so each index page is written once),
    /// and moves up_to to $bound. Rows a cut-short merge already listed are skipped (OR IGNORE: an entry for a mailbox and
    /// sequence number only ever names the one row that has them, since a deletion removes rows and entries together).
    /// </summary>
    private const string IndexRowsSql =
        $"INSERT OR IGNORE INTO {IndexTable} (persistence_id, sequence_number, row_id) " +
        $"SELECT persistence_id, sequence_number, id FROM {JournalTable} WHERE id > (SELECT up_to FROM {IndexedTable}) AND id <= $bound " +
        "ORDER BY persistence_id, sequence_number;" +
        $"UPDATE {IndexedTable} SET up_to = $bound WHERE up_to < $bound;";

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
            // The Akka.Persistence.Sql layout: live rows only; the day ticks of the old timestamp column become day
            // numbers. Dropping the old table drops its indexes (and zeroes its pages: secure_delete).
            Execute(connection, $"ALTER TABLE {JournalTable} RENAME TO journal_sql;");
            Execute(connection, "DROP INDEX IF EXISTS journal_due;");
            Execute(connection, CreateJournal);
            Execute(connection,
                $"INSERT INTO {JournalTable} (persistence_id, sequence_number, sweep_day, manifest, message) " +
                $"SELECT persistence_id, sequence_number, (created - {DateTime.UnixEpoch.Ticks}) / {TimeSpan.TicksPerDay}, manifest, message " +
                "FROM journal_sql WHERE deleted = 0 ORDER BY ordering;");
            Execute(connection, "DROP TABLE journal_sql;");
        }
        else if (HasColumn(connection, "persistence_id") && !HasColumn(connection, "id"))
        {
            // The keyed layout of ADR 0055 (primary key on mailbox and sequence number): same rows, new row ids.
            Execute(connection, $"ALTER TABLE {JournalTable} RENAME TO journal_keyed;");
            Execute(connection, "DROP INDEX IF EXISTS journal_due;");
            Execute(connection, CreateJournal);
            Execute(connection,
                $"INSERT INTO {JournalTable} (persistence_id, sequence_number, sweep_day, manifest, message) " +
                "SELECT persistence_id, sequence_number, sweep_day, manifest, message FROM journal_keyed ORDER BY rowid;");
            Execute(connection, "DROP TABLE journal_keyed;");
        }

        Execute(connection, CreateJournal);
        Execute(connection, CreateSweepIndex);
        Execute(connection, CreateIndex);
        Execute(connection, CreateIndexed);
        IndexRows(connection, null);
        Execute(connection, "COMMIT;");
    }

    /// <summary>
    /// Lists every journal row not yet in the index (rows written since the last merge before a crash or a stop),
    /// in its own transaction. Run before a journal writer starts.
    /// </summary>
    public void IndexUnindexedRows()
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        IndexRows(connection, transaction);
        transaction.Commit();
    }

    /// <summary>Lists every row up to the highest row id in the index (the start-up catch-up); returns that id.</summary>
    private static long IndexRows(SqliteConnection connection, SqliteTransaction? transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        long bound;
        using (var highest = connection.CreateCommand())
        {
            highest.Transaction = transaction;
            highest.CommandText = HighestRowIdSql;
            bound = Convert.ToInt64(highest.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        using var index = connection.CreateCommand();
        index.Transaction = transaction;
        index.CommandText = IndexRowsSql;
        index.Parameters.AddWithValue("$bound", bound);
        index.ExecuteNonQuery();
        return bound;
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        Execute(connection, Pragmas);
        return connection;
    }

    /// <summary>
    /// Every mailbox id with at least one row (read once at start to fill the <see cref="MailboxIdFilter"/>): the
    /// index's ids in order, then those of rows not yet indexed (an id may come twice; the filter does not mind).
    /// </summary>
    public IEnumerable<string> MailboxIdsWithRows()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT DISTINCT persistence_id FROM {IndexTable} UNION ALL " +
            $"SELECT DISTINCT persistence_id FROM {JournalTable} WHERE id > (SELECT up_to FROM {IndexedTable});";
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
