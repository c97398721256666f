using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.TestKit.Xunit2;
using Pvtcoms.Relay.Mailbox;
using Pvtcoms.Relay.Storage;

namespace Pvtcoms.Relay.Tests.Mailbox;

public sealed class MailboxActorTests : TestKit
{
    private static readonly Config s_config = ConfigurationFactory.ParseString("""
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.no-snapshot-store"
        """);

    public MailboxActorTests()
        : base(s_config)
    {
    }

    private static Deposit NewDeposit(string mailbox)
    {
        var blob = System.Security.Cryptography.RandomNumberGenerator.GetBytes(1024);
        return new Deposit(mailbox, BlobId.NewRandom(), BlobDigest.Of(blob), blob, 100, 10);
    }

    private List<object> Journal(string persistenceId)
    {
        var journal = Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null);
        journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, persistenceId, TestActor));
        var events = new List<object>();
        while (true)
        {
            var message = ExpectMsg<object>(TimeSpan.FromSeconds(5));
            if (message is ReplayedMessage replayed)
            {
                events.Add(replayed.Persistent.Payload);
            }
            else
            {
                Assert.IsType<RecoverySuccess>(message);
                return events;
            }
        }
    }

    [Fact]
    public void A_confirmed_deposit_leaves_the_journal_and_the_mailbox_comes_back_with_the_rest()
    {
        var ledger = new StorageLedger(100, 1 << 20);
        var mailbox = Sys.ActorOf(MailboxActor.Props("m1", MailboxLimits.Default, ledger, () => 5));
        var keep = NewDeposit("m1");
        var burn = NewDeposit("m1");
        mailbox.Tell(keep);
        ExpectMsg<DepositAccepted>();
        mailbox.Tell(burn);
        ExpectMsg<DepositAccepted>();
        Assert.Equal(2, ledger.Blobs);

        mailbox.Tell(new Confirm("m1", [burn.Id], 5));
        Assert.Equal(1, ExpectMsg<Confirmed>().Burned);
        Assert.Equal(1, ledger.Blobs);

        var events = Journal("m1");
        Assert.DoesNotContain(events, e => e is Deposited);
        var compacted = Assert.Single(events.OfType<Compacted>());
        Assert.Equal([keep.Id], compacted.Pending.Select(p => p.Id));

        Watch(mailbox);
        mailbox.Tell(PoisonPill.Instance);
        ExpectTerminated(mailbox);
        var again = Sys.ActorOf(MailboxActor.Props("m1", MailboxLimits.Default, ledger, () => 5));
        again.Tell(new Fetch("m1"));
        Assert.Equal([keep.Id], ExpectMsg<FetchResult>().Blobs.Select(b => b.Id));
        again.Tell(burn with { Id = BlobId.NewRandom() });
        Assert.Equal(DepositRefusal.Duplicate, ExpectMsg<DepositRefused>().Reason);
    }

    [Fact]
    public void An_emptied_mailbox_keeps_no_payload_event()
    {
        var mailbox = Sys.ActorOf(MailboxActor.Props("m2", MailboxLimits.Default, new StorageLedger(100, 1 << 20), () => 50));
        var deposit = NewDeposit("m2") with { ForgetDay = 40 };
        mailbox.Tell(deposit);
        ExpectMsg<DepositAccepted>();
        mailbox.Tell(new Confirm("m2", [deposit.Id], 50));
        ExpectMsg<Confirmed>();

        Assert.All(Journal("m2"), e => Assert.True(e is Burned or Emptied, e.GetType().Name));
    }
}
