using Akka.Actor;
using Akka.TestKit.Xunit2;
using Pvtcoms.Actors.Client;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Tests.Support;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.Actors.Tests.Client;

public sealed class OutboxActorTests : TestKit
{
    private const string PeerRelay = "127.0.0.1:7301";

    private readonly InMemoryClientStore _store = new();
    private readonly InMemoryRelayTransport _relay = new();
    private readonly ManualClock _clock = new();
    private readonly SessionPair _pair;

    public OutboxActorTests()
    {
        _pair = new SessionPair(_store, PeerRelay);
    }

    [Fact]
    public async Task Items_left_in_the_store_are_deposited_on_start_and_completed()
    {
        var item = Queue("left behind");
        Sys.ActorOf(OutboxActor.Props(Context()));
        await AwaitAssertAsync(() => Assert.Empty(_store.LoadOutbox()));
        Assert.Equal(1, _relay.PendingUnder(PeerRelay, item.Token));
        Assert.Equal(DeliveryState.AtRelay, _store.LoadMessage(item.Id)!.State);
    }

    [Fact]
    public async Task A_transient_failure_is_rescheduled_with_backoff_and_retried_only_when_its_time_comes()
    {
        _relay.FailDeposits = true;
        var item = Queue("later");
        Sys.ActorOf(OutboxActor.Props(Context()));
        await AwaitAssertAsync(() => Assert.Equal(1, Assert.Single(_store.LoadOutbox()).Attempts));
        var scheduled = _store.LoadOutbox()[0].NextAttemptAt;
        Assert.InRange(scheduled - _clock.GetUtcNow(), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));

        _relay.FailDeposits = false;
        await Task.Delay(300); // several outbox ticks pass while the clock stands still
        Assert.Single(_store.LoadOutbox());

        _clock.Advance(TimeSpan.FromSeconds(16));
        await AwaitAssertAsync(() => Assert.Empty(_store.LoadOutbox()));
        Assert.Equal(DeliveryState.AtRelay, _store.LoadMessage(item.Id)!.State);
    }

    [Fact]
    public async Task A_permanent_refusal_fails_the_message_and_publishes_it()
    {
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events, typeof(DeliveryStateChanged));
        _relay.RefuseDeposits = RelayRejection.BadPow;
        var item = Queue("refused");
        Sys.ActorOf(OutboxActor.Props(Context()));

        var failed = events.ExpectMsg<DeliveryStateChanged>();
        Assert.Equal((item.Id, DeliveryState.Failed), (failed.Message, failed.State));
        await AwaitAssertAsync(() => Assert.Empty(_store.LoadOutbox()));
    }

    private OutboxItem Queue(string text)
    {
        var id = MessageId.New();
        var item = new OutboxItem
        {
            Id = id,
            Contact = _pair.Contact,
            Relay = PeerRelay,
            Token = _pair.Peer.ReceivingToken(1),
            Blob = new byte[RelayLimits.Bucket1KiB],
            NextAttemptAt = _clock.GetUtcNow(),
        };
        var message = new MessageRecord
        {
            Id = id,
            Contact = _pair.Contact,
            Direction = MessageDirection.Outgoing,
            Sequence = 1,
            Timestamp = _clock.GetUtcNow(),
            Text = text,
            State = DeliveryState.Queued,
        };
        _store.CommitOutgoing(_pair.Contact, _store.LoadSession(_pair.Contact), message, item);
        return item;
    }

    private ClientContext Context() => new(
        new ClientNodeOptions
        {
            Store = _store,
            OwnRelay = RelayEndpoint.Parse("127.0.0.1:7300").Value,
            Time = _clock,
            OutboxTick = TimeSpan.FromMilliseconds(20),
            Retry = new RetryPolicy(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1)),
        },
        _relay);

    protected override void Dispose(bool disposing)
    {
        _pair.Dispose();
        base.Dispose(disposing);
    }
}
