using System.Security.Cryptography;

namespace Pvtcoms.Actors.Storage;

public sealed partial class SqliteClientStore
{
    public IReadOnlyList<OutboxItem> LoadOutbox() => Read(() =>
    {
        using var command = Command("SELECT position, row_key, sealed FROM outbox ORDER BY position;");
        using var reader = command.ExecuteReader();
        var items = new List<OutboxItem>();
        while (reader.Read())
        {
            items.Add(OpenOutbox(reader.GetInt64(0), (byte[])reader.GetValue(1), (byte[])reader.GetValue(2)));
        }

        return items;
    });

    public void CompleteOutbox(MessageId id) => Write(supersedesSecrets: false, () =>
    {
        _ = Execute("DELETE FROM outbox WHERE row_key = $key;", ("$key", OutboxRow(id)));
        _ = UpdateDeliveryStateLocked(id, DeliveryState.AtRelay);
    });

    public void RescheduleOutbox(MessageId id, int attempts, DateTimeOffset nextAttemptAt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempts);
        Write(supersedesSecrets: false, () =>
        {
            var rowKey = OutboxRow(id);
            using var command = Command("SELECT position, sealed FROM outbox WHERE row_key = $key;", ("$key", rowKey));
            long position;
            byte[] sealedBytes;
            using (var reader = command.ExecuteReader())
            {
                if (!reader.Read())
                {
                    return;
                }

                position = reader.GetInt64(0);
                sealedBytes = (byte[])reader.GetValue(1);
            }

            var item = OpenOutbox(position, rowKey, sealedBytes);
            SealOutboxLocked(item with { Attempts = attempts, NextAttemptAt = nextAttemptAt }, position, rowKey, update: true);
        });
    }

    public void FailOutbox(MessageId id) => Write(supersedesSecrets: false, () =>
    {
        _ = Execute("DELETE FROM outbox WHERE row_key = $key;", ("$key", OutboxRow(id)));
        _ = UpdateDeliveryStateLocked(id, DeliveryState.Failed);
    });

    private void InsertOutboxLocked(OutboxItem item)
    {
        // Positions only grow while items are pending (max + 1), so "oldest first" is position order.
        long position;
        using (var next = Command("SELECT COALESCE(MAX(position), 0) + 1 FROM outbox;"))
        {
            position = (long)next.ExecuteScalar()!;
        }

        SealOutboxLocked(item, position, OutboxRow(item.Id), update: false);
    }

    private void SealOutboxLocked(OutboxItem item, long position, byte[] rowKey, bool update)
    {
        var payload = StoreRecordCodec.EncodeOutbox(item);
        try
        {
            var sealedBytes = _sealer.Seal(SqliteSchema.Outbox, MessageIdentity(rowKey, position), payload);
            _ = update
                ? Execute("UPDATE outbox SET sealed = $sealed WHERE row_key = $key;", ("$sealed", sealedBytes), ("$key", rowKey))
                : Execute("INSERT INTO outbox (position, row_key, sealed) VALUES ($position, $key, $sealed);",
                    ("$position", position), ("$key", rowKey), ("$sealed", sealedBytes));
        }
        finally
        {
            StorePadding.Zero(payload);
        }
    }

    private OutboxItem OpenOutbox(long position, byte[] rowKey, byte[] sealedBytes)
    {
        var payload = _sealer.Open(SqliteSchema.Outbox, MessageIdentity(rowKey, position), sealedBytes);
        try
        {
            var item = StoreRecordCodec.DecodeOutbox(payload, SqliteSchema.Outbox);
            if (!CryptographicOperations.FixedTimeEquals(OutboxRow(item.Id), rowKey))
            {
                throw new StoreCorruptException(SqliteSchema.Outbox);
            }

            return item;
        }
        finally
        {
            StorePadding.Zero(payload);
        }
    }

    private byte[] OutboxRow(MessageId id) => _sealer.RowKey(SqliteSchema.Outbox, id.Value);
}
