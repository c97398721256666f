using Pvtcoms.Actors.Storage;

namespace Pvtcoms.Actors.Tests.Support;

/// <summary>
/// <see cref="IClientStore"/> in memory with the contract's semantics (every Commit* all-or-nothing, forward-only
/// delivery states, copies in and out), shared across node restarts to play the part of one database file.
/// Fault injection: <see cref="FailCommitNumber"/> makes the Nth Commit* call (counting from 1) throw before it
/// changes anything — a crash inside the transaction.
/// </summary>
public sealed class InMemoryClientStore : IClientStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, byte[]> _settings = new(StringComparer.Ordinal);
    private readonly Dictionary<ContactId, ContactRecord> _contacts = [];
    private readonly List<ContactId> _contactOrder = [];
    private readonly Dictionary<ContactId, byte[]> _sessions = [];
    private readonly List<MessageRecord> _messages = [];
    private readonly HashSet<string> _processedBlobs = new(StringComparer.Ordinal);
    private readonly List<OutboxItem> _outbox = [];
    private byte[]? _seed;
    private byte[]? _prekeys;

    /// <summary>Commit* calls so far (successful or not).</summary>
    public int Commits { get; private set; }

    /// <summary>When set, the Commit* call with this number throws <see cref="IOException"/> and changes nothing.</summary>
    public int? FailCommitNumber { get; set; }

    /// <summary>Makes the next Commit* call fail.</summary>
    public void FailNextCommit()
    {
        lock (_gate)
        {
            FailCommitNumber = Commits + 1;
        }
    }

    public byte[]? LoadIdentitySeed()
    {
        lock (_gate)
        {
            return Copy(_seed);
        }
    }

    public void SaveIdentitySeed(ReadOnlySpan<byte> seed)
    {
        lock (_gate)
        {
            _seed = seed.ToArray();
        }
    }

    public byte[]? LoadPrekeys()
    {
        lock (_gate)
        {
            return Copy(_prekeys);
        }
    }

    public void SavePrekeys(ReadOnlySpan<byte> serializedPrekeys)
    {
        lock (_gate)
        {
            _prekeys = serializedPrekeys.ToArray();
        }
    }

    public byte[]? LoadSetting(string name)
    {
        lock (_gate)
        {
            return _settings.TryGetValue(name, out var value) ? Copy(value) : null;
        }
    }

    public void SaveSetting(string name, ReadOnlySpan<byte> value)
    {
        lock (_gate)
        {
            _settings[name] = value.ToArray();
        }
    }

    public IReadOnlyList<ContactRecord> LoadContacts()
    {
        lock (_gate)
        {
            return [.. _contactOrder.Select(id => _contacts[id])];
        }
    }

    public ContactRecord? LoadContact(ContactId id)
    {
        lock (_gate)
        {
            return _contacts.GetValueOrDefault(id);
        }
    }

    public void SaveContact(ContactRecord contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        lock (_gate)
        {
            PutContact(contact);
        }
    }

    public byte[]? LoadSession(ContactId contact)
    {
        lock (_gate)
        {
            return _sessions.TryGetValue(contact, out var state) ? Copy(state) : null;
        }
    }

    public void CommitNewContact(ContactRecord contact, ReadOnlySpan<byte> session, byte[]? prekeys, MessageRecord? message,
        byte[]? processedBlobDigest, OutboxItem? outbox)
    {
        ArgumentNullException.ThrowIfNull(contact);
        lock (_gate)
        {
            BeginCommit();
            PutContact(contact);
            _sessions[contact.Id] = session.ToArray();
            if (prekeys is not null)
            {
                _prekeys = Copy(prekeys);
            }

            if (message is not null)
            {
                _messages.Add(message);
            }

            if (processedBlobDigest is not null)
            {
                _processedBlobs.Add(Convert.ToHexString(processedBlobDigest));
            }

            if (outbox is not null)
            {
                _outbox.Add(CopyItem(outbox));
            }
        }
    }

    public void CommitOutgoing(ContactId contact, ReadOnlySpan<byte> session, MessageRecord? message, OutboxItem outbox)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        lock (_gate)
        {
            BeginCommit();
            _sessions[contact] = session.ToArray();
            if (message is not null)
            {
                _messages.Add(message);
            }

            _outbox.Add(CopyItem(outbox));
        }
    }

    public void CommitIncoming(ContactId contact, ReadOnlySpan<byte> session, MessageRecord? message, ReadOnlySpan<byte> processedBlobDigest,
        IReadOnlyList<(MessageId Id, DeliveryState State)> stateChanges)
    {
        ArgumentNullException.ThrowIfNull(stateChanges);
        lock (_gate)
        {
            BeginCommit();
            _sessions[contact] = session.ToArray();
            if (message is not null)
            {
                _messages.Add(message);
            }

            _processedBlobs.Add(Convert.ToHexString(processedBlobDigest));
            foreach (var (id, state) in stateChanges)
            {
                MoveForward(id, state);
            }
        }
    }

    public bool IsBlobProcessed(ReadOnlySpan<byte> blobDigest)
    {
        lock (_gate)
        {
            return _processedBlobs.Contains(Convert.ToHexString(blobDigest));
        }
    }

    public IReadOnlyList<MessageRecord> LoadHistory(ContactId contact, int max)
    {
        lock (_gate)
        {
            var all = _messages.Where(m => m.Contact == contact).ToList();
            return [.. all.Skip(Math.Max(0, all.Count - max))];
        }
    }

    public MessageRecord? LoadMessage(MessageId id)
    {
        lock (_gate)
        {
            return _messages.FirstOrDefault(m => m.Id == id);
        }
    }

    public bool HasIncomingMessage(ContactId contact, MessageId id)
    {
        lock (_gate)
        {
            return _messages.Any(m => m.Id == id && m.Contact == contact && m.Direction == MessageDirection.Incoming);
        }
    }

    public bool UpdateDeliveryState(MessageId id, DeliveryState state)
    {
        lock (_gate)
        {
            return MoveForward(id, state);
        }
    }

    public long NextOutgoingSequence(ContactId contact)
    {
        lock (_gate)
        {
            return 1 + _messages.Where(m => m.Contact == contact && m.Direction == MessageDirection.Outgoing).Select(m => m.Sequence).DefaultIfEmpty(0).Max();
        }
    }

    public IReadOnlyList<OutboxItem> LoadOutbox()
    {
        lock (_gate)
        {
            return [.. _outbox.Select(CopyItem)];
        }
    }

    public void CompleteOutbox(MessageId id)
    {
        lock (_gate)
        {
            _outbox.RemoveAll(i => i.Id == id);
            MoveForward(id, DeliveryState.AtRelay);
        }
    }

    public void RescheduleOutbox(MessageId id, int attempts, DateTimeOffset nextAttemptAt)
    {
        lock (_gate)
        {
            var index = _outbox.FindIndex(i => i.Id == id);
            if (index >= 0)
            {
                _outbox[index] = _outbox[index] with { Attempts = attempts, NextAttemptAt = nextAttemptAt };
            }
        }
    }

    public void FailOutbox(MessageId id)
    {
        lock (_gate)
        {
            _outbox.RemoveAll(i => i.Id == id);
            MoveForward(id, DeliveryState.Failed);
        }
    }

    public void Dispose()
    {
    }

    private static int Rank(DeliveryState state) => state switch
    {
        DeliveryState.Queued => 0,
        DeliveryState.AtRelay => 1,
        DeliveryState.Delivered => 2,
        DeliveryState.Read => 3,
        _ => -1,
    };

    private bool MoveForward(MessageId id, DeliveryState state)
    {
        var index = _messages.FindIndex(m => m.Id == id);
        if (index < 0 || _messages[index].Direction != MessageDirection.Outgoing)
        {
            return false;
        }

        var current = _messages[index].State;
        var allowed = state == DeliveryState.Failed
            ? current is DeliveryState.Queued or DeliveryState.AtRelay
            : current != DeliveryState.Failed && Rank(state) > Rank(current);
        if (allowed)
        {
            _messages[index] = _messages[index] with { State = state };
        }

        return allowed;
    }

    private void BeginCommit()
    {
        Commits++;
        if (FailCommitNumber == Commits)
        {
            FailCommitNumber = null;
            throw new IOException("Injected store failure.");
        }
    }

    private void PutContact(ContactRecord contact)
    {
        if (!_contacts.ContainsKey(contact.Id))
        {
            _contactOrder.Add(contact.Id);
        }

        _contacts[contact.Id] = contact with { IdentityKey = [.. contact.IdentityKey], PreviousIdentityKey = Copy(contact.PreviousIdentityKey) };
    }

    private static OutboxItem CopyItem(OutboxItem item) => item with { Token = [.. item.Token], Blob = [.. item.Blob] };

    private static byte[]? Copy(byte[]? value) => value is null ? null : [.. value];
}
