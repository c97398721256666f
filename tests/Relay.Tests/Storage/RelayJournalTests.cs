using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.TestKit.Xunit2;
using Microsoft.Data.Sqlite;
using Pvtcoms.Relay.Mailbox;
using Pvtcoms.Relay.Storage;
using Pvtcoms.Relay.Tests.Support;

namespace Pvtcoms.Relay.Tests.Storage;

/// <summary>
/// The relay journal speaks the journal protocol itself and answers from its writer thread (ADR 0116): every
/// answer must come after the commit, in the order of the writes, and a mailbox must recover what it was told
/// was stored.
/// </summary>
public sealed class RelayJournalTests : TestKit
{
    private readonly TempDirectory _directory;
    private readonly RelayDatabase _database;

    public RelayJournalTests()
        : this(new TempDirectory())
    {
    }

    private RelayJournalTests(TempDirectory directory)
        : base(Config(directory))
    {
        _directory = directory;
        _database = new RelayDatabase(Path.Combine(directory.Path, "relay.db"));
    }

    private static Config Config(TempDirectory directory)
    {
        var database = new RelayDatabase(Path.Combine(directory.Path, "relay.db"));
        database.Prepare();
        return ConfigurationFactory.ParseString($$"""
            akka.persistence.journal.plugin = "{{RelayJournal.PluginId}}"
            {{RelayJournal.PluginId}} {
              class = "{{typeof(RelayJournal).AssemblyQualifiedName}}"
              plugin-dispatcher = "akka.actor.default-dispatcher"
              database-path = "{{database.Path.Replace("\\", "\\\\", StringComparison.Ordinal)}}"
            }
            akka.persistence.snapshot-store.plugin = "akka.persistence.no-snapshot-store"
            """);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            _directory.Dispose();
        }
    }

    private static Deposit NewDeposit(string mailbox)
    {
        var blob = System.Security.Cryptography.RandomNumberGenerator.GetBytes(1024);
        return new Deposit(mailbox, BlobId.NewRandom(), BlobDigest.Of(blob), blob, 100, 10);
    }

    private List<(long SequenceNr, string Manifest)> Rows(string persistenceId)
    {
        using var connection = _database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT sequence_number, manifest FROM journal WHERE persistence_id = $p ORDER BY sequence_number;";
        query.Parameters.AddWithValue("$p", persistenceId);
        using var reader = query.ExecuteReader();
        var rows = new List<(long, string)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return rows;
    }

    private IActorRef Mailbox(string id, StorageLedger ledger) => Sys.ActorOf(MailboxActor.Props(id, MailboxLimits.Default, ledger, () => 5));

    [Fact]
    public void Every_acknowledged_deposit_is_already_in_the_table_and_comes_back_in_order_after_a_restart()
    {
        var ledger = new StorageLedger(100, 1 << 20);
        var mailbox = Mailbox("j1", ledger);
        var deposits = Enumerable.Range(0, 5).Select(_ => NewDeposit("j1")).ToList();
        for (var i = 0; i < deposits.Count; i++)
        {
            mailbox.Tell(deposits[i]);
            Assert.Equal(deposits[i].Id, ExpectMsg<DepositAccepted>().Id);

            // Read on another connection the moment the acknowledgement arrives: the row is committed already.
            Assert.Equal(Enumerable.Range(1, i + 1).Select(n => ((long)n, "D")), Rows("j1"));
        }

        Watch(mailbox);
        mailbox.Tell(PoisonPill.Instance);
        ExpectTerminated(mailbox);

        var again = Mailbox("j1", ledger);
        again.Tell(new Fetch("j1"));
        Assert.Equal(deposits.Select(d => d.Id), ExpectMsg<FetchResult>().Blobs.Select(b => b.Id));
        again.Tell(deposits[2] with { Id = BlobId.NewRandom() });
        Assert.Equal(DepositRefusal.Duplicate, ExpectMsg<DepositRefused>().Reason);
    }

    [Fact]
    public void A_confirm_is_answered_only_after_the_burned_rows_are_deleted()
    {
        var ledger = new StorageLedger(100, 1 << 20);
        var mailbox = Mailbox("j2", ledger);
        var keep = NewDeposit("j2");
        var burn = NewDeposit("j2");
        mailbox.Tell(keep);
        ExpectMsg<DepositAccepted>();
        mailbox.Tell(burn);
        ExpectMsg<DepositAccepted>();

        mailbox.Tell(new Confirm("j2", [burn.Id], 5));
        Assert.Equal(1, ExpectMsg<Confirmed>().Burned);

        // Deposits 1, 2, burn 3, compaction 4: everything before the compaction is gone when the answer comes.
        Assert.Equal([(4L, "C")], Rows("j2"));

        // Burn 5, compaction 6 (the burned digests are still remembered against replays: a C row, not E).
        mailbox.Tell(new Confirm("j2", [keep.Id], 5));
        Assert.Equal(1, ExpectMsg<Confirmed>().Burned);
        Assert.Equal([(6L, "C")], Rows("j2"));

        // Once the replay window has passed, the sweep forgets the digests and the mailbox leaves no row at all.
        mailbox.Tell(new Sweep("j2", 50));
        ExpectMsg<Swept>();
        Assert.Empty(Rows("j2"));
    }

    [Fact]
    public void A_mailbox_never_written_recovers_empty_and_starts_at_sequence_number_one()
    {
        var mailbox = Mailbox("j3", new StorageLedger(100, 1 << 20));
        mailbox.Tell(new Fetch("j3"));
        Assert.Empty(ExpectMsg<FetchResult>().Blobs);
        mailbox.Tell(NewDeposit("j3"));
        ExpectMsg<DepositAccepted>();
        Assert.Equal([(1L, "D")], Rows("j3"));
    }

    [Fact]
    public void A_write_of_something_other_than_a_mailbox_event_is_rejected_and_nothing_is_stored()
    {
        var journal = Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null);
        var persistent = new Persistent("not a mailbox event", 1, "j4", string.Empty, false, TestActor, string.Empty);
        journal.Tell(new WriteMessages([new AtomicWrite(persistent)], TestActor, 7));

        ExpectMsg<WriteMessagesSuccessful>();
        var rejected = ExpectMsg<WriteMessageRejected>();
        Assert.Equal(7, rejected.ActorInstanceId);
        Assert.IsType<NotSupportedException>(rejected.Cause);
        Assert.Empty(Rows("j4"));
    }

    [Fact]
    public void A_write_that_fails_in_the_database_is_reported_as_a_failure_of_each_event()
    {
        var journal = Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null);
        var deposited = new Deposited(BlobId.NewRandom(), BlobDigest.Of([1]), new byte[1024], 100, 10);
        journal.Tell(new WriteMessages([new AtomicWrite(new Persistent(deposited, 1, "j5", string.Empty, false, TestActor, string.Empty))], TestActor, 1));
        ExpectMsg<WriteMessagesSuccessful>();
        ExpectMsg<WriteMessageSuccess>();

        // The same sequence number again is refused by the writer (ADR 0123).
        journal.Tell(new WriteMessages([new AtomicWrite(new Persistent(deposited, 1, "j5", string.Empty, false, TestActor, string.Empty))], TestActor, 1));
        Assert.Equal(1, ExpectMsg<WriteMessagesFailed>().WriteCount);
        Assert.Equal(1, ExpectMsg<WriteMessageFailure>().Persistent.SequenceNr);
        Assert.Equal([(1L, "D")], Rows("j5"));
    }
}
