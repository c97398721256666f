using Akka.Actor;
using Akka.TestKit.Xunit2;
using Pvtcoms.Actors.Client;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Tests.Support;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Messages;
using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.Actors.Tests.Client;

public sealed class ContactActorTests : TestKit
{
    private readonly InMemoryClientStore _store = new();
    private readonly SessionPair _pair;
    private readonly ClientContext _context;

    public ContactActorTests()
    {
        _pair = new SessionPair(_store);
        _context = new ClientContext(new ClientNodeOptions { Store = _store, OwnRelay = RelayEndpoint.Parse("127.0.0.1:7200").Value },
            new InMemoryRelayTransport());
    }

    [Fact]
    public void A_blob_that_does_not_decrypt_is_reported_and_leaves_the_stored_state_unchanged()
    {
        var outbox = CreateTestProbe();
        var contact = Sys.ActorOf(ContactActor.Props(_pair.Contact, _context, outbox));
        var before = _store.LoadSession(_pair.Contact);

        contact.Tell(new IncomingBlob(new TokenRoute.Contact(_pair.Contact), new byte[16], CoverBlob.Create(SystemEntropy.Instance, 1024)));

        Assert.Equal(BlobResult.Undecryptable, ExpectMsg<BlobHandled>().Result);
        Assert.Equal(before, _store.LoadSession(_pair.Contact));
        Assert.Equal(0, _store.Commits - 1); // only the setup's CommitNewContact
        outbox.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_message_is_committed_before_it_is_acknowledged_and_a_delivery_receipt_is_queued()
    {
        var outbox = CreateTestProbe();
        var contact = Sys.ActorOf(ContactActor.Props(_pair.Contact, _context, outbox));
        var id = Guid.NewGuid();
        var blob = _pair.Peer.Encrypt(ChatPayload.CreateText(id, 1, "hi").Serialize(), SystemEntropy.Instance);

        contact.Tell(new IncomingBlob(new TokenRoute.Contact(_pair.Contact), new byte[16], blob));

        Assert.Equal(BlobResult.Committed, ExpectMsg<BlobHandled>().Result);
        Assert.Equal("hi", Assert.Single(_store.LoadHistory(_pair.Contact, 10)).Text);
        var receipt = outbox.ExpectMsg<Enqueue>().Item;
        Assert.DoesNotContain(_store.LoadHistory(_pair.Contact, 10), m => m.Id == receipt.Id);
        Assert.Contains(_store.LoadOutbox(), i => i.Id == receipt.Id);
        var plaintext = _pair.Peer.Decrypt(receipt.Blob).Value;
        Assert.Equal([id], ChatPayload.Parse(plaintext).Value.ReceiptIds);
    }

    [Fact]
    public void The_same_blob_again_is_only_confirmed_and_shown_once()
    {
        var contact = Sys.ActorOf(ContactActor.Props(_pair.Contact, _context, CreateTestProbe()));
        var blob = _pair.Peer.Encrypt(ChatPayload.CreateText(Guid.NewGuid(), 1, "once").Serialize(), SystemEntropy.Instance);
        contact.Tell(new IncomingBlob(new TokenRoute.Contact(_pair.Contact), new byte[16], blob));
        Assert.Equal(BlobResult.Committed, ExpectMsg<BlobHandled>().Result);

        contact.Tell(new IncomingBlob(new TokenRoute.Contact(_pair.Contact), new byte[16], blob));
        Assert.Equal(BlobResult.AlreadyProcessed, ExpectMsg<BlobHandled>().Result);
        Assert.Single(_store.LoadHistory(_pair.Contact, 10));
    }

    [Fact]
    public void A_store_failure_restarts_the_actor_from_the_committed_state_and_the_blob_is_handled_on_the_retry()
    {
        var parent = Sys.ActorOf(Props.Create(() => new RestartingParent()));
        parent.Tell(ContactActor.Props(_pair.Contact, _context, CreateTestProbe()));
        var contact = ExpectMsg<IActorRef>();
        var blob = _pair.Peer.Encrypt(ChatPayload.CreateText(Guid.NewGuid(), 1, "after a failure").Serialize(), SystemEntropy.Instance);

        _store.FailNextCommit();
        EventFilter.Exception<IOException>().ExpectOne(() =>
            contact.Tell(new IncomingBlob(new TokenRoute.Contact(_pair.Contact), new byte[16], blob)));
        Assert.Equal(BlobResult.NotHandled, ExpectMsg<BlobHandled>().Result);
        Assert.Empty(_store.LoadHistory(_pair.Contact, 10));

        contact.Tell(new IncomingBlob(new TokenRoute.Contact(_pair.Contact), new byte[16], blob));
        Assert.Equal(BlobResult.Committed, ExpectMsg<BlobHandled>().Result);
        Assert.Equal("after a failure", Assert.Single(_store.LoadHistory(_pair.Contact, 10)).Text);
    }

    [Fact]
    public void Sending_commits_state_row_and_outbox_item_before_the_outbox_sees_the_ciphertext()
    {
        var outbox = CreateTestProbe();
        var contact = Sys.ActorOf(ContactActor.Props(_pair.Contact, _context, outbox));
        var before = _store.LoadSession(_pair.Contact);

        contact.Tell(new SendText(_pair.Contact, "out"));
        var id = ExpectMsg<MessageId>();
        var item = outbox.ExpectMsg<Enqueue>().Item;

        Assert.Equal(id, item.Id);
        Assert.Equal(DeliveryState.Queued, _store.LoadMessage(id)!.State);
        Assert.Equal(item.Blob, Assert.Single(_store.LoadOutbox()).Blob);
        Assert.NotEqual(before, _store.LoadSession(_pair.Contact));
        Assert.Equal("out", ChatPayload.Parse(_pair.Peer.Decrypt(item.Blob).Value).Value.Text);
    }

    protected override void Dispose(bool disposing)
    {
        _pair.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Restarts its child on any exception (the profile's strategy for contacts).</summary>
    private sealed class RestartingParent : ReceiveActor
    {
        public RestartingParent() => Receive<Props>(p => Sender.Tell(Context.ActorOf(p)));

        protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Restart);
    }
}
