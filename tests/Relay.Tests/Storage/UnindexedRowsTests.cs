using Pvtcoms.Relay.Storage;

namespace Pvtcoms.Relay.Tests.Storage;

public sealed class UnindexedRowsTests
{
    [Fact]
    public void Changes_become_visible_only_when_their_commit_returns()
    {
        using var rows = new UnindexedRows();
        rows.Publish(static () => { }, [UnindexedChange.Added("m", 1, 10), UnindexedChange.Added("m", 3, 12), UnindexedChange.Added("m", 2, 11), UnindexedChange.Added("n", 1, 13)]);
        Assert.Throws<InvalidOperationException>(() => rows.Publish(static () => throw new InvalidOperationException("commit failed"), [UnindexedChange.Added("m", 4, 14), UnindexedChange.DeletedTo("n", 1)]));

        Assert.Equal(4, rows.Count);
        Assert.Equal([new UnindexedRow(1, 10), new UnindexedRow(2, 11), new UnindexedRow(3, 12)], rows.Capture("m", static () => { }));
        Assert.Equal([new UnindexedRow(1, 13)], rows.Capture("n", static () => { }));
        Assert.True(rows.Contains("m", 2));
        Assert.False(rows.Contains("m", 4));
        Assert.Empty(rows.Capture("absent", static () => { }));
    }

    [Fact]
    public void Deletions_and_merges_remove_exactly_what_they_name()
    {
        using var rows = new UnindexedRows();
        rows.Publish(static () => { }, [.. Enumerable.Range(1, 6).Select(i => UnindexedChange.Added("m", i, 100 + i)), .. Enumerable.Range(1, 3).Select(i => UnindexedChange.Added("n", i, 200 + i))]);
        Assert.Equal(["m", "n"], rows.MailboxesUpTo(201));
        Assert.Equal(["m"], rows.MailboxesUpTo(200));

        rows.Publish(static () => { }, [UnindexedChange.DeletedTo("m", 2), UnindexedChange.IndexedTo("n", 202), UnindexedChange.IndexedTo("m", 104)]);
        Assert.Equal([new UnindexedRow(5, 105), new UnindexedRow(6, 106)], rows.Capture("m", static () => { }));
        Assert.Equal([new UnindexedRow(3, 203)], rows.Capture("n", static () => { }));
        Assert.Equal(3, rows.Count);

        rows.Publish(static () => { }, [UnindexedChange.DeletedTo("m", 6), UnindexedChange.IndexedTo("n", 203)]);
        Assert.Equal(0, rows.Count);
        Assert.Empty(rows.MailboxesUpTo(long.MaxValue));
    }

    [Fact]
    public async Task A_snapshot_and_its_copy_are_taken_with_no_commit_between_them()
    {
        using var rows = new UnindexedRows();
        using var inSnapshot = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var capture = Task.Run(() => rows.Capture("m", () =>
        {
            inSnapshot.Set();
            release.Wait(TimeSpan.FromSeconds(10));
        }));
        Assert.True(inSnapshot.Wait(TimeSpan.FromSeconds(10)));

        // A commit that starts while the reader is between its snapshot and its copy waits for the copy.
        var committed = false;
        var publish = Task.Run(() => rows.Publish(() => committed = true, [UnindexedChange.Added("m", 1, 1)]));
        await Task.Delay(200);
        Assert.False(committed);
        release.Set();
        Assert.Empty(await capture);
        await publish;
        Assert.True(committed);
        Assert.Equal([new UnindexedRow(1, 1)], rows.Capture("m", static () => { }));
    }
}
