using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Pvtcoms.Actors.Storage;

public sealed partial class SqliteClientStore
{
    private const string MessageColumns = "conversation, position, row_key, sealed";

    public IReadOnlyList<MessageRecord> LoadHistory(ContactId contact, int max)
    {
        if (max <= 0)
        {
            return [];
        }

        return Read(() =>
        {
            using var command = Command($"SELECT {MessageColumns} FROM messages WHERE conversation = $conversation ORDER BY position DESC LIMIT $max;",
                ("$conversation", ConversationRow(contact)), ("$max", max));
            var history = ReadMessages(command);
            if (history.Any(m => m.Contact != contact))
            {
                throw new StoreCorruptException(SqliteSchema.Messages);
            }

            history.Reverse();
            return history;
        });
    }

    public MessageRecord? LoadMessage(MessageId id) => Read(() =>
        FindMessageLocked(MessageDirection.Outgoing, id) ?? FindMessageLocked(MessageDirection.Incoming, id));

    public bool HasIncomingMessage(ContactId contact, MessageId id) => Read(() =>
    {
        using var command = Command("SELECT count(*) FROM messages WHERE row_key = $key;", ("$key", MessageRow(contact, MessageDirection.Incoming, id)));
        return command.ExecuteScalar() is long n && n > 0;
    });

    public bool UpdateDeliveryState(MessageId id, DeliveryState state) =>
        Write(supersedesSecrets: false, () => UpdateDeliveryStateLocked(id, state));

    public long NextOutgoingSequence(ContactId contact) => Read(() => LoadSequenceLocked(contact) + 1);

    /// <summary>Forward only: Queued → AtRelay → Delivered → Read (steps may be skipped); Failed only from Queued or AtRelay.</summary>
    internal static bool IsForward(DeliveryState from, DeliveryState to) => (from, to) switch
    {
        (DeliveryState.Queued or DeliveryState.AtRelay, DeliveryState.Failed) => true,
        (_, DeliveryState.Failed or DeliveryState.Received) => false,
        (DeliveryState.Failed or DeliveryState.Received, _) => false,
        _ => to > from,
    };

    private bool UpdateDeliveryStateLocked(MessageId id, DeliveryState state)
    {
        var row = FindRowsLocked(MessageIdKey(MessageDirection.Outgoing, id)).FirstOrDefault();
        if (row is null)
        {
            return false;
        }

        var message = OpenMessage(row);
        if (!IsForward(message.State, state))
        {
            return false;
        }

        var payload = StoreRecordCodec.EncodeMessage(message with { State = state });
        try
        {
            var sealedBytes = _sealer.Seal(SqliteSchema.Messages, MessageIdentity(row.RowKey, row.Position), payload);
            _ = Execute("UPDATE messages SET sealed = $sealed WHERE row_key = $key;", ("$sealed", sealedBytes), ("$key", row.RowKey));
        }
        finally
        {
            StorePadding.Zero(payload);
        }

        Step("state");
        return true;
    }

    private void InsertMessageLocked(MessageRecord message)
    {
        var conversation = ConversationRow(message.Contact);
        var rowKey = MessageRow(message.Contact, message.Direction, message.Id);
        var idKey = MessageIdKey(message.Direction, message.Id);
        if (message.Direction == MessageDirection.Outgoing && FindRowsLocked(idKey).Count > 0)
        {
            throw new InvalidOperationException("An outgoing message with this id is already stored.");
        }

        long position;
        using (var next = Command("SELECT COALESCE(MAX(position), 0) + 1 FROM messages WHERE conversation = $conversation;",
            ("$conversation", conversation)))
        {
            position = (long)next.ExecuteScalar()!;
        }

        var payload = StoreRecordCodec.EncodeMessage(message);
        try
        {
            var sealedBytes = _sealer.Seal(SqliteSchema.Messages, MessageIdentity(rowKey, position), payload);
            _ = Execute("INSERT INTO messages (conversation, position, row_key, id_key, sealed) VALUES ($conversation, $position, $key, $id, $sealed);",
                ("$conversation", conversation), ("$position", position), ("$key", rowKey), ("$id", idKey), ("$sealed", sealedBytes));
        }
        finally
        {
            StorePadding.Zero(payload);
        }

        if (message.Direction == MessageDirection.Outgoing && message.Sequence > LoadSequenceLocked(message.Contact))
        {
            var counter = StoreRecordCodec.EncodeCounter(message.Sequence);
            SaveKeyed(SqliteSchema.Sequences, SequenceRow(message.Contact), counter);
        }
    }

    private long LoadSequenceLocked(ContactId contact)
    {
        var payload = LoadKeyed(SqliteSchema.Sequences, SequenceRow(contact));
        return payload is null ? 0 : StoreRecordCodec.DecodeCounter(payload, SqliteSchema.Sequences);
    }

    private MessageRecord? FindMessageLocked(MessageDirection direction, MessageId id)
    {
        var row = FindRowsLocked(MessageIdKey(direction, id)).FirstOrDefault();
        return row is null ? null : OpenMessage(row);
    }

    private List<StoredMessageRow> FindRowsLocked(byte[] idKey)
    {
        using var command = Command($"SELECT {MessageColumns} FROM messages WHERE id_key = $id ORDER BY position;", ("$id", idKey));
        using var reader = command.ExecuteReader();
        var rows = new List<StoredMessageRow>();
        while (reader.Read())
        {
            rows.Add(ReadRow(reader));
        }

        return rows;
    }

    private List<MessageRecord> ReadMessages(Microsoft.Data.Sqlite.SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var messages = new List<MessageRecord>();
        while (reader.Read())
        {
            messages.Add(OpenMessage(ReadRow(reader)));
        }

        return messages;
    }

    private static StoredMessageRow ReadRow(Microsoft.Data.Sqlite.SqliteDataReader reader) =>
        new((byte[])reader.GetValue(0), reader.GetInt64(1), (byte[])reader.GetValue(2), (byte[])reader.GetValue(3));

    /// <summary>Opens a message row and checks the record belongs to the row (and conversation) it was found in.</summary>
    private MessageRecord OpenMessage(StoredMessageRow row)
    {
        var payload = _sealer.Open(SqliteSchema.Messages, MessageIdentity(row.RowKey, row.Position), row.Sealed);
        try
        {
            var message = StoreRecordCodec.DecodeMessage(payload, SqliteSchema.Messages);
            if (!CryptographicOperations.FixedTimeEquals(MessageRow(message.Contact, message.Direction, message.Id), row.RowKey)
                || !CryptographicOperations.FixedTimeEquals(ConversationRow(message.Contact), row.Conversation))
            {
                throw new StoreCorruptException(SqliteSchema.Messages);
            }

            return message;
        }
        finally
        {
            StorePadding.Zero(payload);
        }
    }

    /// <summary>The AAD row identity of a message or outbox row: row key ‖ u64 BE position (so rows cannot be reordered).</summary>
    private static byte[] MessageIdentity(byte[] rowKey, long position)
    {
        var identity = new byte[rowKey.Length + 8];
        rowKey.CopyTo(identity, 0);
        BinaryPrimitives.WriteInt64BigEndian(identity.AsSpan(rowKey.Length), position);
        return identity;
    }

    private byte[] ConversationRow(ContactId contact) => _sealer.RowKey(SqliteSchema.ConversationPurpose, contact.Value);

    private byte[] SequenceRow(ContactId contact) => _sealer.RowKey(SqliteSchema.Sequences, contact.Value);

    /// <summary>messages.row_key = H("messages", contact ‖ direction ‖ message id).</summary>
    private byte[] MessageRow(ContactId contact, MessageDirection direction, MessageId id)
    {
        Span<byte> input = stackalloc byte[33];
        _ = contact.Value.TryWriteBytes(input[..16], bigEndian: true, out _);
        input[16] = (byte)direction;
        _ = id.Value.TryWriteBytes(input[17..], bigEndian: true, out _);
        return _sealer.RowKey(SqliteSchema.Messages, input);
    }

    /// <summary>messages.id_key = H("messages/id", direction ‖ message id).</summary>
    private byte[] MessageIdKey(MessageDirection direction, MessageId id)
    {
        Span<byte> input = stackalloc byte[17];
        input[0] = (byte)direction;
        _ = id.Value.TryWriteBytes(input[1..], bigEndian: true, out _);
        return _sealer.RowKey(SqliteSchema.MessageIdPurpose, input);
    }

    private sealed record StoredMessageRow(byte[] Conversation, long Position, byte[] RowKey, byte[] Sealed);
}
