using Microsoft.Data.Sqlite;

namespace Pvtcoms.Relay.Storage;

/// <summary>
/// One read connection. A read is one snapshot: its start and the copy of the mailbox's unindexed rows are taken
/// together (<see cref="UnindexedRows.Capture"/>), so every row of the mailbox is found either through
/// <c>journal_index</c> or through the copy (ADR 0123).
/// </summary>
internal sealed class JournalReader : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly UnindexedRows _unindexed;
    private readonly SqliteCommand _snapshot;
    private readonly SqliteCommand _highest;
    private readonly SqliteCommand _replay;
    private readonly SqliteCommand _row;

    public JournalReader(RelayDatabase database, UnindexedRows unindexed)
    {
        _unindexed = unindexed;
        _connection = database.Open();
        _snapshot = _connection.CreateCommand();
        _snapshot.CommandText = $"SELECT up_to FROM {RelayDatabase.IndexedTable};";
        _highest = _connection.CreateCommand();
        _highest.CommandText = $"SELECT coalesce(max(sequence_number), 0) FROM {RelayDatabase.IndexTable} WHERE persistence_id = $p;";
        _highest.Parameters.Add("$p", SqliteType.Text);
        _replay = _connection.CreateCommand();
        _replay.CommandText =
            $"SELECT i.sequence_number, j.manifest, j.message FROM {RelayDatabase.IndexTable} i JOIN {RelayDatabase.JournalTable} j ON j.id = i.row_id " +
            "WHERE i.persistence_id = $p AND i.sequence_number >= $from AND i.sequence_number <= $to ORDER BY i.sequence_number LIMIT $max;";
        _replay.Parameters.Add("$p", SqliteType.Text);
        _replay.Parameters.Add("$from", SqliteType.Integer);
        _replay.Parameters.Add("$to", SqliteType.Integer);
        _replay.Parameters.Add("$max", SqliteType.Integer);
        _row = _connection.CreateCommand();
        _row.CommandText = $"SELECT manifest, message FROM {RelayDatabase.JournalTable} WHERE id = $id AND persistence_id = $p AND sequence_number = $s;";
        _row.Parameters.Add("$id", SqliteType.Integer);
        _row.Parameters.Add("$p", SqliteType.Text);
        _row.Parameters.Add("$s", SqliteType.Integer);
    }

    /// <summary>The mailbox's highest sequence number and its rows in [from, to] (at most <paramref name="max"/>, in order), from one snapshot.</summary>
    public (long Highest, List<(long SequenceNr, string Manifest, byte[] Message)> Rows) Read(string persistenceId, long from, long to, long max)
    {
        using var transaction = _connection.BeginTransaction(deferred: true);
        foreach (var command in (ReadOnlySpan<SqliteCommand>)[_snapshot, _highest, _replay, _row])
        {
            command.Transaction = transaction;
        }

        var unindexed = _unindexed.Capture(persistenceId, () => _snapshot.ExecuteScalar());
        _highest.Parameters[0].Value = persistenceId;
        var highest = Convert.ToInt64(_highest.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        var rows = new List<(long SequenceNr, string Manifest, byte[] Message)>();
        if (max > 0 && from <= to)
        {
            _replay.Parameters[0].Value = persistenceId;
            _replay.Parameters[1].Value = from;
            _replay.Parameters[2].Value = to;
            _replay.Parameters[3].Value = max;
            using var reader = _replay.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), (byte[])reader.GetValue(2)));
            }
        }

        var unindexedRows = new List<(long SequenceNr, string Manifest, byte[] Message)>();
        foreach (var row in unindexed)
        {
            _row.Parameters[0].Value = row.RowId;
            _row.Parameters[1].Value = persistenceId;
            _row.Parameters[2].Value = row.SequenceNr;
            using var reader = _row.ExecuteReader();
            if (!reader.Read())
            {
                continue;
            }

            highest = Math.Max(highest, row.SequenceNr);
            if (row.SequenceNr >= from && row.SequenceNr <= to)
            {
                unindexedRows.Add((row.SequenceNr, reader.GetString(0), (byte[])reader.GetValue(1)));
            }
        }

        transaction.Commit();
        if (unindexedRows.Count > 0)
        {
            rows = [.. rows.Concat(unindexedRows).DistinctBy(r => r.SequenceNr).OrderBy(r => r.SequenceNr).Take((int)Math.Min(max, int.MaxValue))];
        }

        return (highest, rows);
    }

    public void Dispose()
    {
        _snapshot.Dispose();
        _highest.Dispose();
        _replay.Dispose();
        _row.Dispose();
        _connection.Dispose();
    }
}
