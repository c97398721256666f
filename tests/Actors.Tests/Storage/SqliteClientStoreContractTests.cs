using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Tests.Storage.Support;

namespace Pvtcoms.Actors.Tests.Storage;

public sealed class SqliteClientStoreContractTests : IDisposable
{
    private readonly StoreDirectory _directory = new();
    private readonly SqliteClientStore _store;

    public SqliteClientStoreContractTests()
    {
        _store = _directory.Open();
    }

    public void Dispose()
    {
        _store.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void A_new_store_is_empty()
    {
        var contact = ContactId.New();
        Assert.Null(_store.LoadIdentitySeed());
        Assert.Null(_store.LoadPrekeys());
        Assert.Null(_store.LoadSetting("own-relay"));
        Assert.Empty(_store.LoadContacts());
        Assert.Null(_store.LoadContact(contact));
        Assert.Null(_store.LoadSession(contact));
        Assert.Empty(_store.LoadHistory(contact, 10));
        Assert.Null(_store.LoadMessage(MessageId.New()));
        Assert.Empty(_store.LoadOutbox());
        Assert.False(_store.IsBlobProcessed(Records.Digest()));
        Assert.False(_store.HasIncomingMessage(contact, MessageId.New()));
        Assert.Equal(1, _store.NextOutgoingSequence(contact));
    }

    [Fact]
    public void Identity_seed_prekeys_and_settings_round_trip_and_survive_a_reopen()
    {
        var seed = Records.Digest();
        var prekeys = Records.Session();
        _store.SaveIdentitySeed(seed);
        _store.SavePrekeys(prekeys);
        _store.SaveSetting("own-relay", "127.0.0.1:1234"u8);
        _store.SaveSetting("intro-token", seed.AsSpan(0, 16));
        _store.SaveSetting("empty", ReadOnlySpan<byte>.Empty);
        _store.Dispose();

        using var reopened = _directory.Open();
        Assert.Equal(seed, reopened.LoadIdentitySeed());
        Assert.Equal(prekeys, reopened.LoadPrekeys());
        Assert.Equal("127.0.0.1:1234"u8.ToArray(), reopened.LoadSetting("own-relay"));
        Assert.Equal(seed[..16], reopened.LoadSetting("intro-token"));
        Assert.Equal(Array.Empty<byte>(), reopened.LoadSetting("empty"));
        Assert.Null(reopened.LoadSetting("Own-relay"));
    }

    [Fact]
    public void Saving_again_replaces_the_value()
    {
        _store.SavePrekeys([1, 2, 3]);
        _store.SavePrekeys([4, 5]);
        _store.SaveSetting("epoch", [7]);
        _store.SaveSetting("epoch", [8, 9]);
        Assert.Equal([4, 5], _store.LoadPrekeys());
        Assert.Equal([8, 9], _store.LoadSetting("epoch"));
    }

    [Fact]
    public void Contacts_round_trip_with_every_field_and_are_replaced_by_id()
    {
        var first = Records.Contact("Émile Zola ✉", addedMinute: 5);
        var second = Records.Contact("Grace", addedMinute: 1) with { PreviousIdentityKey = Records.Digest(), Verified = true };
        _store.SaveContact(first);
        _store.SaveContact(second);
        Records.AssertSame(first, _store.LoadContact(first.Id));
        Records.AssertSame(second, _store.LoadContact(second.Id));

        var renamed = first with { DisplayName = "Zola", Verified = true };
        _store.SaveContact(renamed);
        var all = _store.LoadContacts();
        Assert.Equal(2, all.Count);
        Records.AssertSame(second, all[0]);
        Records.AssertSame(renamed, all[1]);
    }

    [Fact]
    public void Initiator_first_contact_stores_contact_session_message_and_outbox_together()
    {
        var contact = Records.Contact();
        var session = Records.Session();
        var message = Records.Outgoing(contact.Id, 1, "hello");
        var outbox = Records.Outbox(contact.Id, message.Id);
        _store.CommitNewContact(contact, session, prekeys: null, message, processedBlobDigest: null, outbox);

        Records.AssertSame(contact, _store.LoadContact(contact.Id));
        Assert.Equal(session, _store.LoadSession(contact.Id));
        Assert.Equal(message, _store.LoadMessage(message.Id));
        Assert.Equal([message], _store.LoadHistory(contact.Id, 10));
        Records.AssertSame(outbox, Assert.Single(_store.LoadOutbox()));
        Assert.Equal(2, _store.NextOutgoingSequence(contact.Id));
        Assert.Null(_store.LoadPrekeys());
    }

    [Fact]
    public void Responder_first_contact_stores_prekeys_incoming_message_and_digest_together()
    {
        _store.SavePrekeys([1, 1, 1]);
        var contact = Records.Contact();
        var message = Records.Incoming(contact.Id, 1, "hi there");
        var digest = Records.Digest();
        _store.CommitNewContact(contact, Records.Session(), prekeys: [2, 2], message, digest, outbox: null);

        Assert.Equal([2, 2], _store.LoadPrekeys());
        Assert.True(_store.IsBlobProcessed(digest));
        Assert.True(_store.HasIncomingMessage(contact.Id, message.Id));
        Assert.Equal(message, _store.LoadMessage(message.Id));
        Assert.Empty(_store.LoadOutbox());
        Assert.Equal(1, _store.NextOutgoingSequence(contact.Id));
    }

    [Fact]
    public void Commit_outgoing_replaces_the_session_and_counts_sequences_but_a_receipt_does_not()
    {
        var contact = Records.Contact();
        _store.CommitNewContact(contact, [0], null, null, null, null);
        var message = Records.Outgoing(contact.Id, _store.NextOutgoingSequence(contact.Id), "one");
        _store.CommitOutgoing(contact.Id, [1], message, Records.Outbox(contact.Id, message.Id));
        Assert.Equal([1], _store.LoadSession(contact.Id));
        Assert.Equal(2, _store.NextOutgoingSequence(contact.Id));

        var receipt = Records.Outbox(contact.Id, MessageId.New());
        _store.CommitOutgoing(contact.Id, [2], message: null, receipt);
        Assert.Equal([2], _store.LoadSession(contact.Id));
        Assert.Equal(2, _store.NextOutgoingSequence(contact.Id));
        Assert.Equal([message.Id, receipt.Id], _store.LoadOutbox().Select(o => o.Id));
        Assert.Equal([message], _store.LoadHistory(contact.Id, 10));
    }

    [Fact]
    public void Commit_incoming_stores_message_digest_and_applies_receipts_only_forward()
    {
        var contact = Records.Contact();
        _store.CommitNewContact(contact, [0], null, null, null, null);
        var read = Records.Outgoing(contact.Id, 1, "a");
        var delivered = Records.Outgoing(contact.Id, 2, "b");
        _store.CommitOutgoing(contact.Id, [1], read, Records.Outbox(contact.Id, read.Id));
        _store.CommitOutgoing(contact.Id, [2], delivered, Records.Outbox(contact.Id, delivered.Id));
        Assert.True(_store.UpdateDeliveryState(delivered.Id, DeliveryState.Read));

        var incoming = Records.Incoming(contact.Id, 1, "reply");
        var digest = Records.Digest();
        _store.CommitIncoming(contact.Id, [3], incoming, digest,
            [(read.Id, DeliveryState.Read), (delivered.Id, DeliveryState.Delivered), (MessageId.New(), DeliveryState.Delivered)]);

        Assert.Equal([3], _store.LoadSession(contact.Id));
        Assert.True(_store.IsBlobProcessed(digest));
        Assert.True(_store.HasIncomingMessage(contact.Id, incoming.Id));
        Assert.Equal(DeliveryState.Read, _store.LoadMessage(read.Id)!.State);
        Assert.Equal(DeliveryState.Read, _store.LoadMessage(delivered.Id)!.State);
        Assert.Equal([read.Id, delivered.Id, incoming.Id], _store.LoadHistory(contact.Id, 10).Select(m => m.Id));
    }

    [Fact]
    public void A_duplicate_or_receipt_commit_stores_only_the_session_and_digest_and_a_repeated_digest_is_harmless()
    {
        var contact = Records.Contact();
        _store.CommitNewContact(contact, [0], null, null, null, null);
        var digest = Records.Digest();
        _store.CommitIncoming(contact.Id, [1], null, digest, []);
        _store.CommitIncoming(contact.Id, [2], null, digest, []);
        Assert.True(_store.IsBlobProcessed(digest));
        Assert.False(_store.IsBlobProcessed(Records.Digest()));
        Assert.Equal([2], _store.LoadSession(contact.Id));
        Assert.Empty(_store.LoadHistory(contact.Id, 10));
    }

    [Fact]
    public void Has_incoming_message_is_per_contact_and_ignores_outgoing_messages()
    {
        var alice = Records.Contact("Alice");
        var bob = Records.Contact("Bob");
        _store.CommitNewContact(alice, [0], null, null, null, null);
        _store.CommitNewContact(bob, [0], null, null, null, null);
        var id = MessageId.New();
        _store.CommitIncoming(alice.Id, [1], Records.Incoming(alice.Id, 1, "x", id), Records.Digest(), []);
        var sent = Records.Outgoing(bob.Id, 1, "y");
        _store.CommitOutgoing(bob.Id, [1], sent, Records.Outbox(bob.Id, sent.Id));

        Assert.True(_store.HasIncomingMessage(alice.Id, id));
        Assert.False(_store.HasIncomingMessage(bob.Id, id));
        Assert.False(_store.HasIncomingMessage(bob.Id, sent.Id));

        // A peer may (maliciously) reuse an id the other contact used: both are kept, each in its own conversation.
        _store.CommitIncoming(bob.Id, [2], Records.Incoming(bob.Id, 1, "z", id), Records.Digest(), []);
        Assert.True(_store.HasIncomingMessage(bob.Id, id));
        Assert.Equal("x", Assert.Single(_store.LoadHistory(alice.Id, 10)).Text);
    }

    [Fact]
    public void History_is_oldest_first_per_contact_and_max_keeps_the_newest()
    {
        var alice = Records.Contact("Alice");
        var bob = Records.Contact("Bob");
        _store.CommitNewContact(alice, [0], null, null, null, null);
        _store.CommitNewContact(bob, [0], null, null, null, null);
        var expected = new List<MessageRecord>();
        for (var i = 1; i <= 6; i++)
        {
            var mine = Records.Outgoing(alice.Id, i, $"to alice {i}");
            _store.CommitOutgoing(alice.Id, [(byte)i], mine, Records.Outbox(alice.Id, mine.Id));
            var theirs = Records.Incoming(alice.Id, i, $"from alice {i}");
            _store.CommitIncoming(alice.Id, [(byte)i], theirs, Records.Digest(), []);
            expected.Add(mine);
            expected.Add(theirs);
            var other = Records.Outgoing(bob.Id, i, $"to bob {i}");
            _store.CommitOutgoing(bob.Id, [(byte)i], other, Records.Outbox(bob.Id, other.Id));
        }

        Assert.Equal(expected, _store.LoadHistory(alice.Id, 100));
        Assert.Equal(expected.TakeLast(3), _store.LoadHistory(alice.Id, 3));
        Assert.Empty(_store.LoadHistory(alice.Id, 0));
        Assert.All(_store.LoadHistory(bob.Id, 100), m => Assert.Equal(bob.Id, m.Contact));
        Assert.Equal(7, _store.NextOutgoingSequence(alice.Id));
    }

    [Theory]
    [InlineData(DeliveryState.Queued, DeliveryState.AtRelay, true)]
    [InlineData(DeliveryState.Queued, DeliveryState.Read, true)]
    [InlineData(DeliveryState.AtRelay, DeliveryState.Delivered, true)]
    [InlineData(DeliveryState.Delivered, DeliveryState.Read, true)]
    [InlineData(DeliveryState.Queued, DeliveryState.Failed, true)]
    [InlineData(DeliveryState.AtRelay, DeliveryState.Failed, true)]
    [InlineData(DeliveryState.Queued, DeliveryState.Queued, false)]
    [InlineData(DeliveryState.Delivered, DeliveryState.AtRelay, false)]
    [InlineData(DeliveryState.Read, DeliveryState.Delivered, false)]
    [InlineData(DeliveryState.Delivered, DeliveryState.Failed, false)]
    [InlineData(DeliveryState.Failed, DeliveryState.Read, false)]
    [InlineData(DeliveryState.Failed, DeliveryState.AtRelay, false)]
    [InlineData(DeliveryState.Queued, DeliveryState.Received, false)]
    public void Delivery_state_only_moves_forward(DeliveryState from, DeliveryState to, bool moves)
    {
        var contact = Records.Contact();
        var message = Records.Outgoing(contact.Id, 1, "m");
        _store.CommitNewContact(contact, [0], null, message, null, Records.Outbox(contact.Id, message.Id));
        if (from != DeliveryState.Queued)
        {
            Assert.True(_store.UpdateDeliveryState(message.Id, from));
        }

        Assert.Equal(moves, _store.UpdateDeliveryState(message.Id, to));
        Assert.Equal(moves ? to : from, _store.LoadMessage(message.Id)!.State);
    }

    [Fact]
    public void Delivery_state_of_unknown_or_incoming_messages_does_not_change()
    {
        var contact = Records.Contact();
        var incoming = Records.Incoming(contact.Id, 1, "in");
        _store.CommitNewContact(contact, [0], null, incoming, Records.Digest(), null);
        Assert.False(_store.UpdateDeliveryState(MessageId.New(), DeliveryState.AtRelay));
        Assert.False(_store.UpdateDeliveryState(incoming.Id, DeliveryState.Read));
        Assert.Equal(DeliveryState.Received, _store.LoadMessage(incoming.Id)!.State);
    }

    [Fact]
    public void Outbox_is_oldest_first_and_complete_reschedule_and_fail_do_what_they_say()
    {
        var alice = Records.Contact("Alice");
        var bob = Records.Contact("Bob");
        _store.CommitNewContact(alice, [0], null, null, null, null);
        _store.CommitNewContact(bob, [0], null, null, null, null);
        var messages = new[]
        {
            Records.Outgoing(alice.Id, 1, "1"), Records.Outgoing(bob.Id, 1, "2"), Records.Outgoing(alice.Id, 2, "3"),
            Records.Outgoing(bob.Id, 2, "4"),
        };
        var items = messages.Select(m => Records.Outbox(m.Contact, m.Id, blobSize: 4096)).ToArray();
        for (var i = 0; i < messages.Length; i++)
        {
            _store.CommitOutgoing(messages[i].Contact, [(byte)i], messages[i], items[i]);
        }

        var loaded = _store.LoadOutbox();
        Assert.Equal(items.Select(o => o.Id), loaded.Select(o => o.Id));
        for (var i = 0; i < items.Length; i++)
        {
            Records.AssertSame(items[i], loaded[i]);
        }

        _store.CompleteOutbox(items[1].Id);
        Assert.Equal(DeliveryState.AtRelay, _store.LoadMessage(messages[1].Id)!.State);

        var later = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _store.RescheduleOutbox(items[0].Id, 3, later);
        _store.FailOutbox(items[2].Id);
        Assert.Equal(DeliveryState.Failed, _store.LoadMessage(messages[2].Id)!.State);

        var remaining = _store.LoadOutbox();
        Assert.Equal([items[0].Id, items[3].Id], remaining.Select(o => o.Id));
        Records.AssertSame(items[0] with { Attempts = 3, NextAttemptAt = later }, remaining[0]);

        var fifth = Records.Outgoing(alice.Id, 3, "5");
        _store.CommitOutgoing(alice.Id, [9], fifth, Records.Outbox(alice.Id, fifth.Id));
        Assert.Equal([items[0].Id, items[3].Id, fifth.Id], _store.LoadOutbox().Select(o => o.Id));
    }

    [Fact]
    public void Completing_after_a_delivery_receipt_keeps_the_later_state_and_unknown_ids_are_ignored()
    {
        var contact = Records.Contact();
        var message = Records.Outgoing(contact.Id, 1, "m");
        _store.CommitNewContact(contact, [0], null, message, null, Records.Outbox(contact.Id, message.Id));
        Assert.True(_store.UpdateDeliveryState(message.Id, DeliveryState.Delivered));
        _store.CompleteOutbox(message.Id);
        Assert.Equal(DeliveryState.Delivered, _store.LoadMessage(message.Id)!.State);
        Assert.Empty(_store.LoadOutbox());

        _store.CompleteOutbox(MessageId.New());
        _store.FailOutbox(MessageId.New());
        _store.RescheduleOutbox(MessageId.New(), 1, DateTimeOffset.UnixEpoch);
        Assert.Empty(_store.LoadOutbox());
    }

    [Fact]
    public void Concurrent_callers_all_land()
    {
        var contacts = Enumerable.Range(0, 4).Select(i => Records.Contact($"c{i}")).ToArray();
        foreach (var contact in contacts)
        {
            _store.CommitNewContact(contact, [0], null, null, null, null);
        }

        Parallel.ForEach(contacts, contact =>
        {
            for (var i = 1; i <= 5; i++)
            {
                var message = Records.Outgoing(contact.Id, i, $"{contact.DisplayName}/{i}");
                _store.CommitOutgoing(contact.Id, [(byte)i], message, Records.Outbox(contact.Id, message.Id));
                _ = _store.LoadHistory(contact.Id, 3);
            }
        });

        Assert.Equal(20, _store.LoadOutbox().Count);
        Assert.All(contacts, c => Assert.Equal(5, _store.LoadHistory(c.Id, 100).Count));
    }

    [Fact]
    public void The_store_says_nothing_about_itself_and_refuses_use_after_dispose()
    {
        Assert.Equal("SqliteClientStore", _store.ToString());
        _store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => _store.LoadContacts());
        Assert.Throws<ObjectDisposedException>(() => _store.SaveSetting("x", [1]));
    }

    [Fact]
    public void Caller_mistakes_are_refused_before_anything_is_written()
    {
        var contact = Records.Contact();
        var other = ContactId.New();
        var incoming = Records.Incoming(contact.Id, 1, "i");
        Assert.Throws<ArgumentException>(() => _store.CommitOutgoing(contact.Id, [1], incoming, Records.Outbox(contact.Id, incoming.Id)));
        Assert.Throws<ArgumentException>(() => _store.CommitOutgoing(contact.Id, [1], null, Records.Outbox(other, MessageId.New())));
        Assert.Throws<ArgumentException>(() => _store.CommitIncoming(other, [1], incoming, Records.Digest(), []));
        Assert.Throws<ArgumentException>(() => SqliteClientStore.Open(_directory.PathOf("short"), new byte[16], Pvtcoms.Protocol.Crypto.SystemEntropy.Instance));
        Assert.Null(_store.LoadSession(contact.Id));
        Assert.Null(_store.LoadSession(other));
    }
}
