using System.Security.Cryptography;

namespace Pvtcoms.Actors.Storage;

public sealed partial class SqliteClientStore
{
    public IReadOnlyList<ContactRecord> LoadContacts() => Read(() =>
    {
        var contacts = new List<ContactRecord>();
        using var command = Command("SELECT row_key, sealed FROM contacts;");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var rowKey = Blob(reader.GetValue(0), SqliteSchema.Contacts);
            var sealedBytes = Blob(reader.GetValue(1), SqliteSchema.Contacts);
            contacts.Add(OpenContact(rowKey, sealedBytes));
        }

        return contacts.OrderBy(c => c.AddedAt).ThenBy(c => c.Id.Value).ToList();
    });

    public ContactRecord? LoadContact(ContactId id) => Read(() =>
    {
        var rowKey = ContactRow(id);
        using var command = Command("SELECT sealed FROM contacts WHERE row_key = $key;", ("$key", rowKey));
        return OptionalBlob(command.ExecuteScalar(), SqliteSchema.Contacts) is { } sealedBytes ? OpenContact(rowKey, sealedBytes) : null;
    });

    public void SaveContact(ContactRecord contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        Write(supersedesSecrets: true, () => SaveContactLocked(contact));
    }

    public byte[]? LoadSession(ContactId contact) => Read(() => LoadKeyed(SqliteSchema.Sessions, SessionRow(contact)));

    /// <summary>Test hook: a session row's sealed bytes exactly as stored (for the forward-secrecy-at-rest test).</summary>
    internal byte[]? SealedSession(ContactId contact) => Read(() =>
    {
        using var command = Command("SELECT sealed FROM sessions WHERE row_key = $key;", ("$key", SessionRow(contact)));
        return command.ExecuteScalar() as byte[];
    });

    /// <summary>Test hook: the prekeys row's sealed bytes exactly as stored.</summary>
    internal byte[]? SealedPrekeys() => Read(() =>
    {
        using var command = Command("SELECT sealed FROM own_keys WHERE row_key = $key;", ("$key", OwnKeyRow(s_prekeysName)));
        return command.ExecuteScalar() as byte[];
    });

    public void CommitNewContact(ContactRecord contact, ReadOnlySpan<byte> session, byte[]? prekeys, MessageRecord? message,
        byte[]? processedBlobDigest, OutboxItem? outbox)
    {
        ArgumentNullException.ThrowIfNull(contact);
        RequireSameContact(contact.Id, message, outbox);
        var sessionCopy = session.ToArray();
        try
        {
            Write(supersedesSecrets: true, () =>
            {
                SaveContactLocked(contact);
                Step("contact");
                SaveKeyed(SqliteSchema.Sessions, SessionRow(contact.Id), sessionCopy);
                Step("session");
                if (prekeys is not null)
                {
                    SavePrekeysLocked(prekeys);
                    Step("prekeys");
                }

                if (message is not null)
                {
                    InsertMessageLocked(message);
                    Step("message");
                }

                if (processedBlobDigest is not null)
                {
                    MarkBlobProcessedLocked(processedBlobDigest);
                    Step("digest");
                }

                if (outbox is not null)
                {
                    InsertOutboxLocked(outbox);
                    Step("outbox");
                }
            });
        }
        finally
        {
            StorePadding.Zero(sessionCopy);
        }
    }

    public void CommitOutgoing(ContactId contact, ReadOnlySpan<byte> session, MessageRecord? message, OutboxItem outbox)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        RequireSameContact(contact, message, outbox);
        if (message is not null && message.Direction != MessageDirection.Outgoing)
        {
            throw new ArgumentException("CommitOutgoing takes an outgoing message.", nameof(message));
        }

        CommitSessionAndMessage(contact, session, message, () =>
        {
            InsertOutboxLocked(outbox);
            Step("outbox");
        });
    }

    public void CommitIncoming(ContactId contact, ReadOnlySpan<byte> session, MessageRecord? message, ReadOnlySpan<byte> processedBlobDigest,
        IReadOnlyList<(MessageId Id, DeliveryState State)> stateChanges)
    {
        ArgumentNullException.ThrowIfNull(stateChanges);
        RequireSameContact(contact, message, null);
        if (message is not null && message.Direction != MessageDirection.Incoming)
        {
            throw new ArgumentException("CommitIncoming takes an incoming message.", nameof(message));
        }

        var digest = processedBlobDigest.ToArray();
        CommitSessionAndMessage(contact, session, message, () =>
        {
            MarkBlobProcessedLocked(digest);
            Step("digest");
            foreach (var (id, state) in stateChanges)
            {
                _ = UpdateDeliveryStateLocked(id, state);
            }

            Step("states");
        });
    }

    /// <summary>
    /// One transaction that supersedes the contact's session, adds <paramref name="message"/> if any, then runs
    /// <paramref name="rest"/>; the copy of the session bytes is zeroed afterwards whatever happened.
    /// </summary>
    private void CommitSessionAndMessage(ContactId contact, ReadOnlySpan<byte> session, MessageRecord? message, Action rest)
    {
        var sessionCopy = session.ToArray();
        try
        {
            Write(supersedesSecrets: true, () =>
            {
                SaveKeyed(SqliteSchema.Sessions, SessionRow(contact), sessionCopy);
                Step("session");
                if (message is not null)
                {
                    InsertMessageLocked(message);
                    Step("message");
                }

                rest();
            });
        }
        finally
        {
            StorePadding.Zero(sessionCopy);
        }
    }

    public bool IsBlobProcessed(ReadOnlySpan<byte> blobDigest)
    {
        var digest = blobDigest.ToArray();
        return Read(() =>
        {
            using var command = Command("SELECT count(*) FROM processed_blobs WHERE row_key = $key;",
                ("$key", _sealer.RowKey(SqliteSchema.ProcessedBlobs, digest)));
            return command.ExecuteScalar() is long n && n > 0;
        });
    }

    private void MarkBlobProcessedLocked(byte[] digest)
    {
        if (digest.Length == 0)
        {
            throw new ArgumentException("A processed blob needs its digest.", nameof(digest));
        }

        // Idempotent: a re-fetched blob that is committed again changes nothing.
        _ = Execute("INSERT INTO processed_blobs (row_key) VALUES ($key) ON CONFLICT (row_key) DO NOTHING;",
            ("$key", _sealer.RowKey(SqliteSchema.ProcessedBlobs, digest)));
    }

    private void SaveContactLocked(ContactRecord contact)
    {
        var payload = StoreRecordCodec.EncodeContact(contact);
        try
        {
            SaveKeyed(SqliteSchema.Contacts, ContactRow(contact.Id), payload);
        }
        finally
        {
            StorePadding.Zero(payload);
        }
    }

    /// <summary>Opens a contact row and checks the record belongs to the row it was found in.</summary>
    private ContactRecord OpenContact(byte[] rowKey, byte[] sealedBytes)
    {
        var payload = _sealer.Open(SqliteSchema.Contacts, rowKey, sealedBytes);
        try
        {
            var contact = StoreRecordCodec.DecodeContact(payload, SqliteSchema.Contacts);
            if (!CryptographicOperations.FixedTimeEquals(ContactRow(contact.Id), rowKey))
            {
                throw new StoreCorruptException(SqliteSchema.Contacts);
            }

            return contact;
        }
        finally
        {
            StorePadding.Zero(payload);
        }
    }

    private static void RequireSameContact(ContactId contact, MessageRecord? message, OutboxItem? outbox)
    {
        if (message is not null && message.Contact != contact)
        {
            throw new ArgumentException("The message belongs to another contact.", nameof(message));
        }

        if (outbox is not null && outbox.Contact != contact)
        {
            throw new ArgumentException("The outbox item belongs to another contact.", nameof(outbox));
        }
    }

    private byte[] ContactRow(ContactId id) => _sealer.RowKey(SqliteSchema.Contacts, id.Value);

    private byte[] SessionRow(ContactId id) => _sealer.RowKey(SqliteSchema.Sessions, id.Value);
}
