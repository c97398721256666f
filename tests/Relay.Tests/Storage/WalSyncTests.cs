using Pvtcoms.Relay.Storage;
using Pvtcoms.Relay.Tests.Support;

namespace Pvtcoms.Relay.Tests.Storage;

/// <summary>ADR 0122: the WAL's fsync runs on its own thread; callers hear "committed" only after it, in commit order.</summary>
public sealed class WalSyncTests
{
    private sealed class Recorder(List<string> log, string name) : IJournalCompletion
    {
        public void Committed()
        {
            lock (log)
            {
                log.Add($"{name} committed");
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

    [Fact]
    public void Every_caller_hears_in_the_order_handed_in_and_a_failed_transaction_in_its_turn()
    {
        using var directory = new TempDirectory();
        var wal = Path.Combine(directory.Path, "relay.db-wal");
        File.WriteAllBytes(wal, new byte[4096]);
        var log = new List<string>();
        using (var sync = new WalSync(wal))
        {
            for (var i = 1; i <= 200; i++)
            {
                if (i % 50 == 0)
                {
                    sync.Failed([new Recorder(log, $"t{i}")], new InvalidOperationException("constraint"));
                }
                else
                {
                    sync.Committed([new Recorder(log, $"t{i}a"), new Recorder(log, $"t{i}b")]);
                }
            }
        }

        var expected = Enumerable.Range(1, 200).SelectMany(i => i % 50 == 0
            ? new[] { $"t{i} failed (InvalidOperationException)" }
            : [$"t{i}a committed", $"t{i}b committed"]);
        Assert.Equal(expected, log);
    }

    [Fact]
    public void When_the_wal_cannot_be_synced_nobody_hears_committed()
    {
        using var directory = new TempDirectory();
        var log = new List<string>();
        using (var sync = new WalSync(Path.Combine(directory.Path, "no-such-dir", "relay.db-wal")))
        {
            sync.Committed([new Recorder(log, "a"), new Recorder(log, "b")]);
            sync.Committed([new Recorder(log, "c")]);
        }

        Assert.Equal(["a failed (DirectoryNotFoundException)", "b failed (DirectoryNotFoundException)", "c failed (DirectoryNotFoundException)"], log);
    }

    [Fact]
    public void A_transaction_handed_in_after_dispose_fails_instead_of_hanging()
    {
        using var directory = new TempDirectory();
        var wal = Path.Combine(directory.Path, "relay.db-wal");
        File.WriteAllBytes(wal, []);
        var log = new List<string>();
        var sync = new WalSync(wal);
        sync.Committed([new Recorder(log, "before")]);
        sync.Dispose();
        sync.Committed([new Recorder(log, "after")]);

        Assert.Equal(["before committed", "after failed (ObjectDisposedException)"], log);
    }
}
