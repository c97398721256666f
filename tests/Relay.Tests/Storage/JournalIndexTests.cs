using Microsoft.Data.Sqlite;
using Pvtcoms.Relay.Storage;
using Pvtcoms.Relay.Tests.Support;

namespace Pvtcoms.Relay.Tests.Storage;

/// <summary>The journal's mailbox index, filled by merges between commits (ADR 0123).</summary>
public sealed class JournalIndexTests
{
    private static JournalRow Row(string mailbox, long sequenceNr) => new(mailbox, sequenceNr, 1, "D", System.Text.Encoding.ASCII.GetBytes($"{mailbox}#{sequenceNr}"));

    private static RelayDatabase NewDatabase(TempDirectory directory)
    {
        var database = new RelayDatabase(Path.Combine(directory.Path, "relay.db"));
        database.Prepare();
        return database;
    }

    private static JournalWriter NewWriter(RelayDatabase database, int indexEvery) =>
        new(database, static db => new WalCheckpointer(db), indexEvery);

    private static long Scalar(RelayDatabase database, string sql)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Returns once a merge started after the last commit has finished (the writer takes the next job only after it).</summary>
    private static Task Barrier(JournalWriter writer) => writer.WriteAsync([]);

    private static List<long> Sequence(JournalReader reader, string mailbox, out long highest)
    {
        var (top, rows) = reader.Read(mailbox, 1, long.MaxValue, long.MaxValue);
        highest = top;
        Assert.All(rows, r => Assert.Equal($"{mailbox}#{r.SequenceNr}", System.Text.Encoding.ASCII.GetString(r.Message)));
        return [.. rows.Select(r => r.SequenceNr)];
    }

    [Fact]
    public async Task Rows_are_indexed_in_merges_between_commits_and_read_the_same_before_and_after()
    {
        using var directory = new TempDirectory();
        var database = NewDatabase(directory);
        using (var writer = NewWriter(database, indexEvery: 100))
        {
            using var reader = new JournalReader(database, writer.Unindexed);
            for (var i = 1; i <= 30; i++)
            {
                await writer.WriteAsync([.. Enumerable.Range(0, 40).Select(m => new[] { Row($"m{m:D2}", i) })]);
            }

            await Barrier(writer);

            // 1,200 rows with a merge due every 100: most are indexed, what is left is fewer than a merge's worth plus
            // one commit; reads find every row either way.
            var indexed = Scalar(database, "SELECT count(*) FROM journal_index;");
            Assert.InRange(indexed, 1_200 - 100 - 40, 1_200);
            Assert.Equal(1_200 - indexed, writer.Unindexed.Count);
            Assert.True(Scalar(database, "SELECT up_to FROM journal_indexed;") > 0);
            for (var m = 0; m < 40; m++)
            {
                Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), Sequence(reader, $"m{m:D2}", out var highest));
                Assert.Equal(30, highest);
            }

            var (_, window) = reader.Read("m07", 11, 20, 5);
            Assert.Equal([11L, 12, 13, 14, 15], window.Select(r => r.SequenceNr));
        }

        // Every entry names its own row.
        Assert.Equal(0, Scalar(database, "SELECT count(*) FROM journal_index i LEFT JOIN journal j ON j.id = i.row_id WHERE j.id IS NULL OR j.persistence_id <> i.persistence_id OR j.sequence_number <> i.sequence_number;"));
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task A_deletion_removes_indexed_and_unindexed_rows_and_their_entries_alike()
    {
        using var directory = new TempDirectory();
        var database = NewDatabase(directory);
        using (var writer = NewWriter(database, indexEvery: 50))
        {
            using var reader = new JournalReader(database, writer.Unindexed);
            for (var i = 1; i <= 60; i++)
            {
                await writer.WriteAsync([[Row("a", i)], [Row("b", i)]]);
            }

            await Barrier(writer);
            Assert.True(Scalar(database, "SELECT count(*) FROM journal_index WHERE persistence_id = 'a';") > 0);
            Assert.NotEmpty(writer.Unindexed.Capture("a", static () => { }));
            await writer.DeleteToAsync("a", 55);
            Assert.Equal([56L, 57, 58, 59, 60], Sequence(reader, "a", out _));
            Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), Sequence(reader, "b", out _));
            await writer.DeleteToAsync("a", 60);
            Assert.Empty(Sequence(reader, "a", out var highest));
            Assert.Equal(0, highest);
            Assert.Empty(writer.Unindexed.Capture("a", static () => { }));

            // A mailbox whose rows are all gone starts again at 1 (docs/RELAY.md): nothing of the old rows is in the way.
            await writer.WriteAsync([[Row("a", 1)]]);
            Assert.Equal([1L], Sequence(reader, "a", out _));
        }

        Assert.Equal(1, Scalar(database, "SELECT count(*) FROM journal WHERE persistence_id = 'a';"));
        Assert.Equal(60, Scalar(database, "SELECT count(*) FROM journal WHERE persistence_id = 'b';"));
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task A_second_row_with_the_same_sequence_number_is_refused_whether_the_first_is_indexed_or_not()
    {
        using var directory = new TempDirectory();
        var database = NewDatabase(directory);
        using (var writer = NewWriter(database, indexEvery: 15))
        {
            for (var i = 1; i <= 20; i++)
            {
                await writer.WriteAsync([[Row("d", i)]]);
            }

            await Barrier(writer);
            Assert.True(Scalar(database, "SELECT count(*) FROM journal_index WHERE persistence_id = 'd' AND sequence_number = 1;") == 1);
            Assert.True(writer.Unindexed.Contains("d", 20));
            await Assert.ThrowsAsync<DuplicateSequenceNumberException>(() => writer.WriteAsync([[Row("d", 1)]]));
            await Assert.ThrowsAsync<DuplicateSequenceNumberException>(() => writer.WriteAsync([[Row("d", 20)]]));
            await Assert.ThrowsAsync<DuplicateSequenceNumberException>(() => writer.WriteAsync([[Row("d", 21), Row("d", 21)]]));
            await writer.WriteAsync([[Row("d", 21)]]);
        }

        Assert.Equal(21, Scalar(database, "SELECT count(*) FROM journal WHERE persistence_id = 'd';"));
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Rows_left_unindexed_or_half_indexed_by_a_crash_are_indexed_at_the_next_start()
    {
        using var directory = new TempDirectory();
        var database = NewDatabase(directory);
        using (var writer = NewWriter(database, indexEvery: int.MaxValue))
        {
            for (var i = 1; i <= 25; i++)
            {
                await writer.WriteAsync([[Row("x", i)], [Row("y", i)]]);
            }
        }

        // No merge ran: nothing is indexed. Then a merge chunk that listed part of the rows, cut short before up_to moved.
        Assert.Equal(0, Scalar(database, "SELECT count(*) FROM journal_index;"));
        Scalar(database, "INSERT INTO journal_index (persistence_id, sequence_number, row_id) SELECT persistence_id, sequence_number, id FROM journal WHERE persistence_id = 'x' AND sequence_number <= 10; SELECT 0;");
        Assert.Equal(["x", "y"], database.MailboxIdsWithRows().Distinct().Order(StringComparer.Ordinal));

        database.IndexUnindexedRows();
        database.IndexUnindexedRows();
        Assert.Equal(50, Scalar(database, "SELECT count(*) FROM journal_index;"));
        Assert.Equal(Scalar(database, "SELECT max(id) FROM journal;"), Scalar(database, "SELECT up_to FROM journal_indexed;"));
        Assert.Equal(["x", "y"], database.MailboxIdsWithRows().Distinct().Order(StringComparer.Ordinal));
        using (var writer = NewWriter(database, indexEvery: int.MaxValue))
        {
            using var reader = new JournalReader(database, writer.Unindexed);
            Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), Sequence(reader, "x", out var highest));
            Assert.Equal(25, highest);
        }

        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Reads_running_beside_merges_always_see_each_row_exactly_once()
    {
        using var directory = new TempDirectory();
        var database = NewDatabase(directory);
        using var writer = NewWriter(database, indexEvery: 64);
        const int Mailboxes = 24;
        const int PerMailbox = 150;
        var written = new long[Mailboxes];
        using var stop = new CancellationTokenSource();
        var writing = Task.Run(async () =>
        {
            for (var i = 1; i <= PerMailbox; i++)
            {
                await writer.WriteAsync([.. Enumerable.Range(0, Mailboxes).Select(m => new[] { Row($"r{m:D2}", i) })]);
                for (var m = 0; m < Mailboxes; m++)
                {
                    Volatile.Write(ref written[m], i);
                }
            }
        });

        var reads = 0;
        var reading = Enumerable.Range(0, 2).Select(t => Task.Run(() =>
        {
            using var reader = new JournalReader(database, writer.Unindexed);
            var m = t;
            while (!writing.IsCompleted)
            {
                var mailbox = $"r{m % Mailboxes:D2}";
                var atLeast = Volatile.Read(ref written[m % Mailboxes]);
                var sequence = Sequence(reader, mailbox, out var highest);

                // Contiguous from 1, no row twice, none missing, and at least what was acknowledged before the read.
                Assert.Equal(Enumerable.Range(1, sequence.Count).Select(i => (long)i), sequence);
                Assert.Equal(sequence.Count, highest);
                Assert.True(highest >= atLeast, $"{mailbox}: read {highest}, {atLeast} acknowledged before");
                Interlocked.Increment(ref reads);
                m += 2;
            }
        })).ToArray();
        await writing;
        await Task.WhenAll(reading);
        Assert.True(reads > 50, $"only {reads} reads ran beside the writes");
        Assert.True(Scalar(database, "SELECT up_to FROM journal_indexed;") > 0, "no merge ran");
        SqliteConnection.ClearAllPools();
    }
}
