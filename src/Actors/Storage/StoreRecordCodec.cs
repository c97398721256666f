using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Pvtcoms.Protocol;
using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Actors.Storage;

/// <summary>
/// The byte layouts of the records inside sealed rows (docs/spec/client-storage.md). Decoding runs only on bytes
/// that authenticated under the seal key, but is still bounds-checked: a malformed record is corruption, reported
/// as <see cref="StoreCorruptException"/>, never an exception from deep inside.
/// </summary>
internal static class StoreRecordCodec
{
    public const byte RecordVersion = 1;
    private const int MaxShortField = ushort.MaxValue;
    private const int MaxBlob = 16 * 1024 * 1024;

    public static byte[] EncodeContact(ContactRecord contact)
    {
        using var writer = new RecordWriter();
        writer.Byte(RecordVersion);
        writer.Guid(contact.Id.Value);
        writer.Short(Encoding.UTF8.GetBytes(contact.DisplayName));
        writer.Short(contact.IdentityKey);
        writer.Byte(contact.PreviousIdentityKey is null ? (byte)0 : (byte)1);
        writer.Short(contact.PreviousIdentityKey ?? []);
        writer.Byte(contact.Verified ? (byte)1 : (byte)0);
        writer.Short(Encoding.UTF8.GetBytes(contact.PeerRelay));
        writer.Time(contact.AddedAt);
        return writer.ToArray();
    }

    public static ContactRecord DecodeContact(ReadOnlySpan<byte> bytes, string table)
    {
        var reader = new WireReader(bytes);
        var ok = reader.TryReadVersion(RecordVersion) == ProtocolError.None;
        ok &= TryGuid(ref reader, out var id);
        ok &= reader.TryReadVariable16(MaxShortField, out var name) == ProtocolError.None;
        var nameText = ok ? TryText(name) : null;
        ok &= reader.TryReadVariable16(MaxShortField, out var identityKey) == ProtocolError.None;
        ok &= reader.TryReadByte(out var hasPrevious) && hasPrevious <= 1;
        ok &= reader.TryReadVariable16(MaxShortField, out var previous) == ProtocolError.None;
        ok &= reader.TryReadByte(out var verified) && verified <= 1;
        ok &= reader.TryReadVariable16(MaxShortField, out var relay) == ProtocolError.None;
        var relayText = ok ? TryText(relay) : null;
        ok &= TryTime(ref reader, out var addedAt);
        if (!ok || !reader.IsAtEnd || nameText is null || relayText is null)
        {
            throw new StoreCorruptException(table);
        }

        return new ContactRecord
        {
            Id = new ContactId(id),
            DisplayName = nameText,
            IdentityKey = identityKey.ToArray(),
            PreviousIdentityKey = hasPrevious == 1 ? previous.ToArray() : null,
            Verified = verified == 1,
            PeerRelay = relayText,
            AddedAt = addedAt,
        };
    }

    public static byte[] EncodeMessage(MessageRecord message)
    {
        using var writer = new RecordWriter();
        writer.Byte(RecordVersion);
        writer.Guid(message.Id.Value);
        writer.Guid(message.Contact.Value);
        writer.Byte((byte)message.Direction);
        writer.Int64(message.Sequence);
        writer.Time(message.Timestamp);
        writer.Long(Encoding.UTF8.GetBytes(message.Text));
        writer.Byte((byte)message.State);
        return writer.ToArray();
    }

    public static MessageRecord DecodeMessage(ReadOnlySpan<byte> bytes, string table)
    {
        var reader = new WireReader(bytes);
        var ok = reader.TryReadVersion(RecordVersion) == ProtocolError.None;
        ok &= TryGuid(ref reader, out var id);
        ok &= TryGuid(ref reader, out var contact);
        ok &= reader.TryReadByte(out var direction) && Enum.IsDefined((MessageDirection)direction);
        ok &= reader.TryReadUInt64(out var sequence);
        ok &= TryTime(ref reader, out var timestamp);
        ok &= reader.TryReadVariable32(MaxBlob, out var text) == ProtocolError.None;
        var textValue = ok ? TryText(text) : null;
        ok &= reader.TryReadByte(out var state) && Enum.IsDefined((DeliveryState)state);
        if (!ok || !reader.IsAtEnd || textValue is null)
        {
            throw new StoreCorruptException(table);
        }

        return new MessageRecord
        {
            Id = new MessageId(id),
            Contact = new ContactId(contact),
            Direction = (MessageDirection)direction,
            Sequence = (long)sequence,
            Timestamp = timestamp,
            Text = textValue,
            State = (DeliveryState)state,
        };
    }

    public static byte[] EncodeOutbox(OutboxItem item)
    {
        using var writer = new RecordWriter();
        writer.Byte(RecordVersion);
        writer.Guid(item.Id.Value);
        writer.Guid(item.Contact.Value);
        writer.Short(Encoding.UTF8.GetBytes(item.Relay));
        writer.Short(item.Token);
        writer.Long(item.Blob);
        writer.Int64(item.Attempts);
        writer.Time(item.NextAttemptAt);
        return writer.ToArray();
    }

    public static OutboxItem DecodeOutbox(ReadOnlySpan<byte> bytes, string table)
    {
        var reader = new WireReader(bytes);
        var ok = reader.TryReadVersion(RecordVersion) == ProtocolError.None;
        ok &= TryGuid(ref reader, out var id);
        ok &= TryGuid(ref reader, out var contact);
        ok &= reader.TryReadVariable16(MaxShortField, out var relay) == ProtocolError.None;
        var relayText = ok ? TryText(relay) : null;
        ok &= reader.TryReadVariable16(MaxShortField, out var token) == ProtocolError.None;
        ok &= reader.TryReadVariable32(MaxBlob, out var blob) == ProtocolError.None;
        ok &= reader.TryReadUInt64(out var attempts) && attempts <= int.MaxValue;
        ok &= TryTime(ref reader, out var nextAttemptAt);
        if (!ok || !reader.IsAtEnd || relayText is null)
        {
            throw new StoreCorruptException(table);
        }

        return new OutboxItem
        {
            Id = new MessageId(id),
            Contact = new ContactId(contact),
            Relay = relayText,
            Token = token.ToArray(),
            Blob = blob.ToArray(),
            Attempts = (int)attempts,
            NextAttemptAt = nextAttemptAt,
        };
    }

    public static byte[] EncodeCounter(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }

    public static long DecodeCounter(ReadOnlySpan<byte> bytes, string table) =>
        bytes.Length == 8 ? BinaryPrimitives.ReadInt64BigEndian(bytes) : throw new StoreCorruptException(table);

    private static bool TryGuid(ref WireReader reader, out Guid value)
    {
        value = Guid.Empty;
        if (!reader.TryReadFixed(16, out var bytes))
        {
            return false;
        }

        value = new Guid(bytes, bigEndian: true);
        return true;
    }

    private static bool TryTime(ref WireReader reader, out DateTimeOffset value)
    {
        value = default;
        if (!reader.TryReadUInt64(out var ticks) || !reader.TryReadUInt16(out var offsetBits))
        {
            return false;
        }

        var offsetMinutes = (short)offsetBits;
        if (ticks > (ulong)DateTime.MaxValue.Ticks || Math.Abs((int)offsetMinutes) > 14 * 60)
        {
            return false;
        }

        var offset = TimeSpan.FromMinutes(offsetMinutes);
        var local = (long)ticks + offset.Ticks;
        if (local < DateTime.MinValue.Ticks || local > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset((long)ticks, TimeSpan.Zero).ToOffset(offset);
        return true;
    }

    private static string? TryText(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>A growable big-endian writer whose buffer is zeroed when it is disposed.</summary>
    private sealed class RecordWriter : IDisposable
    {
        private byte[] _buffer = new byte[256];
        private int _length;

        public void Byte(byte value) => Reserve(1)[0] = value;

        public void Int64(long value) => BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);

        public void Guid(Guid value) => _ = value.TryWriteBytes(Reserve(16), bigEndian: true, out _);

        public void Time(DateTimeOffset value)
        {
            BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value.UtcTicks);
            BinaryPrimitives.WriteInt16BigEndian(Reserve(2), checked((short)value.Offset.TotalMinutes));
        }

        public void Short(ReadOnlySpan<byte> value)
        {
            if (value.Length > MaxShortField)
            {
                throw new ArgumentException("A stored field is longer than its format allows.");
            }

            BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), (ushort)value.Length);
            value.CopyTo(Reserve(value.Length));
        }

        public void Long(ReadOnlySpan<byte> value)
        {
            if (value.Length > MaxBlob)
            {
                throw new ArgumentException("A stored field is longer than its format allows.");
            }

            BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), (uint)value.Length);
            value.CopyTo(Reserve(value.Length));
        }

        public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

        public void Dispose() => CryptographicOperations.ZeroMemory(_buffer);

        private Span<byte> Reserve(int length)
        {
            if (_length + length > _buffer.Length)
            {
                var grown = new byte[Math.Max(_buffer.Length * 2, _length + length)];
                _buffer.AsSpan(0, _length).CopyTo(grown);
                CryptographicOperations.ZeroMemory(_buffer);
                _buffer = grown;
            }

            var span = _buffer.AsSpan(_length, length);
            _length += length;
            return span;
        }
    }
}
