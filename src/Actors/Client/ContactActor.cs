using System.Security.Cryptography;
using Akka.Actor;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Protocol;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Messages;
using Pvtcoms.Protocol.Sessions;

namespace Pvtcoms.Actors.Client;

/// <summary>
/// One contact: the only owner of its <see cref="EstablishedSession"/> (loaded from the store on start, disposed
/// on stop). Invariants (DESIGN §4, docs/CLIENT.md):
/// <list type="bullet">
/// <item>send: encrypt → <c>CommitOutgoing</c> (state + row + outbox item in one transaction) → only then the
/// outbox sees the ciphertext;</item>
/// <item>receive: decrypt → <c>CommitIncoming</c> (state + row + blob digest) → only then the poller may burn it;</item>
/// <item>a failed decryption leaves the state unchanged; any exception (a store failure) restarts the actor,
/// which throws the in-memory state away and reloads the last committed one.</item>
/// </list>
/// Passivates after <see cref="ClientNodeOptions.ContactIdleTimeout"/> without messages.
/// </summary>
internal sealed class ContactActor : ReceiveActor
{
    private const int ReadReceiptHistory = 1000;

    private readonly ContactId _id;
    private readonly ClientContext _context;
    private readonly IActorRef _outbox;
    private EstablishedSession? _session;
    private ContactRecord _contact = null!;

    public ContactActor(ContactId id, ClientContext context, IActorRef outbox)
    {
        _id = id;
        _context = context;
        _outbox = outbox;

        Receive<SendText>(m => Guarded(() => OnSendText(m)));
        Receive<IncomingBlob>(m => GuardedBlob(m));
        Receive<SendReceiptFor>(m => Guarded(() => SendReceipt(ChatPayloadKind.DeliveryReceipt, [m.Message])));
        Receive<MarkRead>(_ => Guarded(OnMarkRead));
        Receive<MarkVerified>(_ => Guarded(OnMarkVerified));
        Receive<SendRotation>(m => Guarded(() => OnSendRotation(m)));
        Receive<CrashForTest>(_ => throw new InvalidOperationException("Injected failure (test)."));
        Receive<ReceiveTimeout>(_ => Context.Parent.Tell(Passivate.Instance));
    }

    public static Props Props(ContactId id, ClientContext context, IActorRef outbox) =>
        Akka.Actor.Props.Create(() => new ContactActor(id, context, outbox));

    private IClientStore Store => _context.Store;

    private EstablishedSession Session => _session ?? throw new InvalidOperationException("No session.");

    protected override void PreStart()
    {
        _contact = Store.LoadContact(_id) ?? throw new InvalidOperationException("Unknown contact.");
        var state = Store.LoadSession(_id) ?? throw new InvalidOperationException("Contact without a session.");
        try
        {
            var session = EstablishedSession.Deserialize(state);
            _session = session.IsOk ? session.Value : throw new InvalidOperationException($"Stored session does not load: {session.Error}.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(state);
        }

        SetReceiveTimeout(_context.Options.ContactIdleTimeout);
    }

    protected override void PostStop()
    {
        _session?.Dispose();
        _session = null;
    }

    /// <summary>Runs a command; on an exception the asker gets a failure and the actor restarts from the store.</summary>
    private void Guarded(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            Sender.Tell(new Status.Failure(new InvalidOperationException("The contact could not complete the request.", ex)));
            throw;
        }
    }

    private void GuardedBlob(IncomingBlob blob)
    {
        try
        {
            OnIncomingBlob(blob);
        }
        catch (Exception)
        {
            Sender.Tell(new BlobHandled(BlobResult.NotHandled, []));
            throw;
        }
    }

    private void OnSendText(SendText command)
    {
        if (!ChatPayload.IsValidText(command.Text))
        {
            Sender.Tell(new Status.Failure(new ArgumentException("The text is too long or not valid text.")));
            return;
        }

        var sequence = Store.NextOutgoingSequence(_id);
        var id = MessageId.New();
        var payload = ChatPayload.CreateText(id.Value, (ulong)sequence, command.Text);
        var now = _context.Time.GetUtcNow();
        var record = new MessageRecord
        {
            Id = id,
            Contact = _id,
            Direction = MessageDirection.Outgoing,
            Sequence = sequence,
            Timestamp = now,
            Text = command.Text,
            State = DeliveryState.Queued,
        };
        var item = EncryptAndCommit(id, payload, record);
        Sender.Tell(id);
        Publish(new DeliveryStateChanged(_id, id, DeliveryState.Queued));
        _outbox.Tell(new Enqueue(item));
    }

    /// <summary>Encrypts, commits state + row + outbox item atomically, and only then returns the item.</summary>
    private OutboxItem EncryptAndCommit(MessageId id, ChatPayload payload, MessageRecord? record)
    {
        var plaintext = payload.Serialize();
        byte[] blob;
        try
        {
            blob = Session.Encrypt(plaintext, _context.Entropy);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        var item = new OutboxItem
        {
            Id = id,
            Contact = _id,
            Relay = _contact.PeerRelay,
            Token = Session.SendingToken(_context.TokenEpoch),
            Blob = blob,
            NextAttemptAt = _context.Time.GetUtcNow(),
        };
        var state = Session.Serialize();
        try
        {
            Store.CommitOutgoing(_id, state, record, item);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(state);
        }

        return item;
    }

    private void OnIncomingBlob(IncomingBlob incoming)
    {
        var digest = SHA256.HashData(incoming.Blob);
        if (Store.IsBlobProcessed(digest))
        {
            Sender.Tell(new BlobHandled(BlobResult.AlreadyProcessed, digest));
            return;
        }

        var decrypted = Session.Decrypt(incoming.Blob);
        if (!decrypted.TryGetValue(out var plaintext))
        {
            if (decrypted.Error is ProtocolError.NonZeroPadding or ProtocolError.PaddedLengthOutOfRange)
            {
                // Authenticated, so the ratchet advanced: store that state, show nothing (the peer's bug).
                CommitIncoming(null, digest, []);
                Sender.Tell(new BlobHandled(BlobResult.Committed, digest));
                return;
            }

            Sender.Tell(new BlobHandled(BlobResult.Undecryptable, digest));
            return;
        }

        ChatPayload? payload;
        try
        {
            var parsed = ChatPayload.Parse(plaintext);
            payload = parsed.IsOk ? parsed.Value : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        switch (payload?.Kind)
        {
            case ChatPayloadKind.Text or ChatPayloadKind.Hello:
                OnIncomingText(payload, digest);
                break;
            case ChatPayloadKind.DeliveryReceipt or ChatPayloadKind.ReadReceipt:
                OnIncomingReceipt(payload, digest);
                break;
            case ChatPayloadKind.IdentityRotation:
                OnIncomingRotation(payload, digest);
                break;
            default:
                // Authenticated but unreadable payload (a newer or buggy peer): keep the ratchet step, show nothing.
                CommitIncoming(null, digest, []);
                Sender.Tell(new BlobHandled(BlobResult.Committed, digest));
                break;
        }
    }

    private void OnIncomingText(ChatPayload payload, byte[] digest)
    {
        var id = new MessageId(payload.MessageId);
        var duplicate = Store.HasIncomingMessage(_id, id);
        var record = duplicate
            ? null
            : new MessageRecord
            {
                Id = id,
                Contact = _id,
                Direction = MessageDirection.Incoming,
                Sequence = (long)Math.Min(payload.Sequence, long.MaxValue),
                Timestamp = _context.Time.GetUtcNow(),
                Text = payload.Text,
                State = DeliveryState.Received,
            };
        CommitIncoming(record, digest, []);
        Sender.Tell(new BlobHandled(BlobResult.Committed, digest));
        if (!duplicate)
        {
            Publish(new MessageReceived(_id, id));
        }

        // Also for a duplicate: the first receipt may be what got lost.
        SendReceipt(ChatPayloadKind.DeliveryReceipt, [id]);
    }

    private void OnIncomingReceipt(ChatPayload payload, byte[] digest)
    {
        var target = payload.Kind == ChatPayloadKind.ReadReceipt ? DeliveryState.Read : DeliveryState.Delivered;
        var changes = new List<(MessageId Id, DeliveryState State)>();
        foreach (var acknowledged in payload.ReceiptIds)
        {
            var id = new MessageId(acknowledged);
            var message = Store.LoadMessage(id);
            if (message is { Direction: MessageDirection.Outgoing } && message.Contact == _id && message.State < target
                && message.State != DeliveryState.Failed)
            {
                changes.Add((id, target));
            }
        }

        CommitIncoming(null, digest, changes);
        Sender.Tell(new BlobHandled(BlobResult.Committed, digest));
        foreach (var (id, _) in changes)
        {
            if (Store.LoadMessage(id) is { } updated)
            {
                Publish(new DeliveryStateChanged(_id, id, updated.State));
            }
        }
    }

    private void OnIncomingRotation(ChatPayload payload, byte[] digest)
    {
        var changed = false;
        var migration = IdentityMigration.Parse(payload.Rotation);
        var sequenceKey = ClientSettings.MigrationSequence(_id);
        var lastSequence = ClientSettings.ReadUInt64(Store.LoadSetting(sequenceKey));
        if (migration.TryGetValue(out var statement)
            && CryptographicOperations.FixedTimeEquals(statement.OldKey.Bytes, _contact.IdentityKey)
            && statement.Sequence > lastSequence
            && statement.NewKey != statement.OldKey
            && statement.Verify() == ProtocolError.None)
        {
            // Re-pin (ADR 0031: trust carries over); the old key stays for the key-changed notice.
            _contact = _contact with { PreviousIdentityKey = _contact.IdentityKey, IdentityKey = statement.NewKey.ToArray() };
            Store.SaveContact(_contact);
            Store.SaveSetting(sequenceKey, ClientSettings.WriteUInt64(statement.Sequence));
            changed = true;
        }

        CommitIncoming(null, digest, []);
        Sender.Tell(new BlobHandled(BlobResult.Committed, digest));
        if (changed)
        {
            Publish(new ContactKeyChanged(_id));
        }
    }

    private void CommitIncoming(MessageRecord? record, byte[] digest, IReadOnlyList<(MessageId Id, DeliveryState State)> changes)
    {
        var state = Session.Serialize();
        try
        {
            Store.CommitIncoming(_id, state, record, digest, changes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(state);
        }
    }

    private void SendReceipt(ChatPayloadKind kind, IReadOnlyList<MessageId> acknowledged)
    {
        var id = MessageId.New();
        var payload = ChatPayload.CreateReceipt(kind, id.Value, [.. acknowledged.Select(m => m.Value)]);
        var item = EncryptAndCommit(id, payload, null);
        _outbox.Tell(new Enqueue(item));
    }

    private void OnMarkRead()
    {
        var key = ClientSettings.ReadUpTo(_id);
        var readUpTo = ClientSettings.ReadUInt64(Store.LoadSetting(key));
        var unread = Store.LoadHistory(_id, ReadReceiptHistory)
            .Where(m => m.Direction == MessageDirection.Incoming && (ulong)m.Sequence > readUpTo)
            .OrderBy(m => m.Sequence)
            .ToList();
        for (var start = 0; start < unread.Count; start += ChatPayloadLimits.MaxReceiptIds)
        {
            var batch = unread.Skip(start).Take(ChatPayloadLimits.MaxReceiptIds).ToList();
            SendReceipt(ChatPayloadKind.ReadReceipt, [.. batch.Select(m => m.Id)]);
            Store.SaveSetting(key, ClientSettings.WriteUInt64((ulong)batch[^1].Sequence));
        }

        Sender.Tell(Done.Instance);
    }

    private void OnMarkVerified()
    {
        _contact = _contact with { Verified = true };
        Store.SaveContact(_contact);
        Sender.Tell(Done.Instance);
    }

    private void OnSendRotation(SendRotation command)
    {
        var migration = IdentityMigration.Parse(command.Migration);
        var id = MessageId.New();
        var item = EncryptAndCommit(id, ChatPayload.CreateRotation(id.Value, migration.Value), null);
        Sender.Tell(Done.Instance);
        _outbox.Tell(new Enqueue(item));
    }

    private void Publish(ClientEvent evt) => Context.System.EventStream.Publish(evt);
}
