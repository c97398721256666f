using Microsoft.Data.Sqlite;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Tests.Storage.Support;

namespace Pvtcoms.Actors.Tests.Storage;

/// <summary>Every Commit* is one transaction: a failure at any step leaves nothing of it (the crash invariants rest on this).</summary>
public sealed class SqliteClientStoreAtomicityTests : IDisposable
{
    private readonly StoreDirectory _directory = new();
    private readonly SqliteClientStore _store;

    public SqliteClientStoreAtomicityTests()
    {
        _store = _directory.Open();
    }

    public void Dispose()
    {
        _store.Dispose();
        _directory.Dispose();
    }

    [Theory]
    [InlineData("contact")]
    [InlineData("session")]
    [InlineData("prekeys")]
    [InlineData("message")]
    [InlineData("digest")]
    [InlineData("outbox")]
    public void A_first_contact_that_fails_at_any_step_leaves_nothing(string failingStep)
    {
        _store.SavePrekeys([1]);
        var contact = Records.Contact();
        var message = Records.Outgoing(contact.Id, 1, "first");
        var digest = Records.Digest();
        _store.CommitStep = step => Fail(step, failingStep);

        Assert.Throws<InjectedFailure>(() =>
            _store.CommitNewContact(contact, [9], [2], message, digest, Records.Outbox(contact.Id, message.Id)));

        _store.CommitStep = null;
        Assert.Null(_store.LoadContact(contact.Id));
        Assert.Empty(_store.LoadContacts());
        Assert.Null(_store.LoadSession(contact.Id));
        Assert.Equal([1], _store.LoadPrekeys());
        Assert.Null(_store.LoadMessage(message.Id));
        Assert.False(_store.IsBlobProcessed(digest));
        Assert.Empty(_store.LoadOutbox());
        Assert.Equal(1, _store.NextOutgoingSequence(contact.Id));
    }

    [Theory]
    [InlineData("session")]
    [InlineData("message")]
    [InlineData("outbox")]
    public void An_outgoing_commit_that_fails_at_any_step_leaves_the_old_session(string failingStep)
    {
        var contact = Records.Contact();
        _store.CommitNewContact(contact, [0], null, null, null, null);
        var message = Records.Outgoing(contact.Id, 1, "m");
        _store.CommitStep = step => Fail(step, failingStep);

        Assert.Throws<InjectedFailure>(() => _store.CommitOutgoing(contact.Id, [1], message, Records.Outbox(contact.Id, message.Id)));

        _store.CommitStep = null;
        Assert.Equal([0], _store.LoadSession(contact.Id));
        Assert.Null(_store.LoadMessage(message.Id));
        Assert.Empty(_store.LoadOutbox());
        Assert.Equal(1, _store.NextOutgoingSequence(contact.Id));
    }

    [Fact]
    public void An_outgoing_commit_with_a_duplicate_outbox_id_fails_whole()
    {
        var contact = Records.Contact();
        var first = Records.Outgoing(contact.Id, 1, "first");
        _store.CommitNewContact(contact, [0], null, first, null, Records.Outbox(contact.Id, first.Id));
        var second = Records.Outgoing(contact.Id, 2, "second");

        // The outbox insert is the last step: the session and history row before it must roll back too.
        Assert.Throws<SqliteException>(() => _store.CommitOutgoing(contact.Id, [1], second, Records.Outbox(contact.Id, first.Id)));

        Assert.Equal([0], _store.LoadSession(contact.Id));
        Assert.Null(_store.LoadMessage(second.Id));
        Assert.Equal([first.Id], _store.LoadOutbox().Select(o => o.Id));
        Assert.Equal(2, _store.NextOutgoingSequence(contact.Id));
    }

    [Fact]
    public void Storing_an_outgoing_message_id_twice_is_refused_whole()
    {
        var contact = Records.Contact();
        var first = Records.Outgoing(contact.Id, 1, "first");
        _store.CommitNewContact(contact, [0], null, first, null, null);
        Assert.Throws<InvalidOperationException>(() =>
            _store.CommitOutgoing(contact.Id, [1], first with { Sequence = 2 }, Records.Outbox(contact.Id, first.Id)));
        Assert.Equal([0], _store.LoadSession(contact.Id));
        Assert.Empty(_store.LoadOutbox());
    }

    [Theory]
    [InlineData("session")]
    [InlineData("message")]
    [InlineData("digest")]
    [InlineData("state")]
    [InlineData("states")]
    public void An_incoming_commit_that_fails_at_any_step_leaves_nothing(string failingStep)
    {
        var contact = Records.Contact();
        var sent = Records.Outgoing(contact.Id, 1, "out");
        _store.CommitNewContact(contact, [0], null, sent, null, null);
        var incoming = Records.Incoming(contact.Id, 1, "in");
        var digest = Records.Digest();
        _store.CommitStep = step => Fail(step, failingStep);

        Assert.Throws<InjectedFailure>(() =>
            _store.CommitIncoming(contact.Id, [1], incoming, digest, [(sent.Id, DeliveryState.Delivered)]));

        _store.CommitStep = null;
        Assert.Equal([0], _store.LoadSession(contact.Id));
        Assert.False(_store.HasIncomingMessage(contact.Id, incoming.Id));
        Assert.False(_store.IsBlobProcessed(digest));
        Assert.Equal(DeliveryState.Queued, _store.LoadMessage(sent.Id)!.State);
    }

    [Fact]
    public void An_incoming_message_stored_twice_is_refused_whole()
    {
        var contact = Records.Contact();
        var incoming = Records.Incoming(contact.Id, 1, "in");
        _store.CommitNewContact(contact, [0], null, incoming, Records.Digest(), null);
        var digest = Records.Digest();
        Assert.Throws<SqliteException>(() => _store.CommitIncoming(contact.Id, [1], incoming, digest, []));
        Assert.Equal([0], _store.LoadSession(contact.Id));
        Assert.False(_store.IsBlobProcessed(digest));
    }

    [Fact]
    public void The_store_keeps_working_after_a_failed_commit()
    {
        var contact = Records.Contact();
        _store.CommitStep = _ => throw new InjectedFailure();
        Assert.Throws<InjectedFailure>(() => _store.CommitNewContact(contact, [0], null, null, null, null));
        _store.CommitStep = null;
        _store.CommitNewContact(contact, [5], null, null, null, null);
        Assert.Equal([5], _store.LoadSession(contact.Id));
    }

    private static void Fail(string step, string failingStep)
    {
        if (step == failingStep)
        {
            throw new InjectedFailure();
        }
    }

    private sealed class InjectedFailure : Exception
    {
    }
}
