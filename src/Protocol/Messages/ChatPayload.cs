using System.Text;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Messages;

/// <summary>
/// The plaintext inside one ratchet message (docs/spec/app-payload.md):
/// <code>
/// payload = version (1) ‖ kind (1) ‖ message id (16) ‖ sequence u64 ‖ body
/// Hello            body = u8 relay length ‖ relay address (ASCII) ‖ u8 name length ‖ name (UTF-8) ‖ u32 text length ‖ text (UTF-8)
/// Text             body = u32 text length ‖ text (UTF-8)
/// Delivery/Read    body = u16 count (1..256) ‖ count × message id (16), no id twice
/// IdentityRotation body = IdentityMigration (exactly 208 bytes)
/// </code>
/// The message id is chosen at random by the sender; the receiver de-duplicates by it. The sequence is the
/// sender's per-contact counter (1, 2, …; receipts and rotations carry 0). Text is strict UTF-8 without NUL.
/// Parsing is strict: a value or a typed error, never an exception, never a read past a bound.
/// <see cref="ToString"/> never shows text, names or ids.
/// </summary>
public sealed class ChatPayload
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Guid[] _receiptIds;
    private readonly byte[]? _rotation;

    private ChatPayload(ChatPayloadKind kind, Guid messageId, ulong sequence, string text, RelayEndpoint? relay,
        string displayNameHint, Guid[] receiptIds, byte[]? rotation)
    {
        Kind = kind;
        MessageId = messageId;
        Sequence = sequence;
        Text = text;
        Relay = relay;
        DisplayNameHint = displayNameHint;
        _receiptIds = receiptIds;
        _rotation = rotation;
    }

    public ChatPayloadKind Kind { get; }

    public Guid MessageId { get; }

    public ulong Sequence { get; }

    /// <summary>The text of a Hello or Text payload (may be empty for a Hello); empty otherwise.</summary>
    public string Text { get; }

    /// <summary>The sender's relay (Hello only).</summary>
    public RelayEndpoint? Relay { get; }

    /// <summary>The name the sender suggests for itself (Hello only; a hint, never verified).</summary>
    public string DisplayNameHint { get; }

    /// <summary>The acknowledged message ids (receipts only).</summary>
    public IReadOnlyList<Guid> ReceiptIds => _receiptIds;

    /// <summary>The serialized, not yet verified, migration statement (IdentityRotation only).</summary>
    public ReadOnlySpan<byte> Rotation => _rotation;

    public static ChatPayload CreateText(Guid messageId, ulong sequence, string text)
    {
        RequireText(text);
        return new ChatPayload(ChatPayloadKind.Text, messageId, sequence, text, null, string.Empty, [], null);
    }

    public static ChatPayload CreateHello(Guid messageId, ulong sequence, RelayEndpoint relay, string displayNameHint, string text)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(displayNameHint);
        if (!InviteDisplayName.IsValid(displayNameHint))
        {
            throw new ArgumentException("Display name hint is too long or has a refused character.", nameof(displayNameHint));
        }

        RequireText(text);
        return new ChatPayload(ChatPayloadKind.Hello, messageId, sequence, text, relay, displayNameHint, [], null);
    }

    public static ChatPayload CreateReceipt(ChatPayloadKind kind, Guid messageId, IReadOnlyList<Guid> acknowledged)
    {
        ArgumentNullException.ThrowIfNull(acknowledged);
        if (kind is not (ChatPayloadKind.DeliveryReceipt or ChatPayloadKind.ReadReceipt))
        {
            throw new ArgumentOutOfRangeException(nameof(kind));
        }

        if (acknowledged.Count is < 1 or > ChatPayloadLimits.MaxReceiptIds || acknowledged.Distinct().Count() != acknowledged.Count)
        {
            throw new ArgumentException($"A receipt names 1..{ChatPayloadLimits.MaxReceiptIds} distinct ids.", nameof(acknowledged));
        }

        return new ChatPayload(kind, messageId, 0, string.Empty, null, string.Empty, [.. acknowledged], null);
    }

    public static ChatPayload CreateRotation(Guid messageId, IdentityMigration migration)
    {
        ArgumentNullException.ThrowIfNull(migration);
        return new ChatPayload(ChatPayloadKind.IdentityRotation, messageId, 0, string.Empty, null, string.Empty, [], migration.Serialize());
    }

    public byte[] Serialize()
    {
        var text = s_strictUtf8.GetBytes(Text);
        var relay = Relay?.ToBytes() ?? [];
        var name = s_strictUtf8.GetBytes(DisplayNameHint);
        var bodySize = Kind switch
        {
            ChatPayloadKind.Hello => 1 + relay.Length + 1 + name.Length + 4 + text.Length,
            ChatPayloadKind.Text => 4 + text.Length,
            ChatPayloadKind.DeliveryReceipt or ChatPayloadKind.ReadReceipt => 2 + (_receiptIds.Length * ChatPayloadLimits.MessageIdSize),
            _ => ChatPayloadLimits.RotationBodySize,
        };
        var output = new byte[ChatPayloadLimits.HeaderSize + bodySize];
        var writer = new WireWriter(output);
        writer.WriteByte(ChatPayloadLimits.Version);
        writer.WriteByte((byte)Kind);
        WriteId(ref writer, MessageId);
        writer.WriteUInt64(Sequence);
        switch (Kind)
        {
            case ChatPayloadKind.Hello:
                writer.WriteByte((byte)relay.Length);
                writer.WriteFixed(relay);
                writer.WriteByte((byte)name.Length);
                writer.WriteFixed(name);
                writer.WriteVariable32(text);
                break;
            case ChatPayloadKind.Text:
                writer.WriteVariable32(text);
                break;
            case ChatPayloadKind.DeliveryReceipt or ChatPayloadKind.ReadReceipt:
                writer.WriteUInt16((ushort)_receiptIds.Length);
                foreach (var id in _receiptIds)
                {
                    WriteId(ref writer, id);
                }

                break;
            default:
                writer.WriteFixed(_rotation);
                break;
        }

        return output;
    }

    /// <summary>Untrusted bytes (the peer's plaintext): a value or a typed error.</summary>
    public static ProtocolResult<ChatPayload> Parse(ReadOnlySpan<byte> input)
    {
        if (input.Length > ChatPayloadLimits.MaxPayloadSize)
        {
            return ProtocolError.LengthOutOfRange;
        }

        var reader = new WireReader(input);
        var error = reader.TryReadVersion(ChatPayloadLimits.Version);
        if (error != ProtocolError.None)
        {
            return error;
        }

        if (!reader.TryReadByte(out var kindByte))
        {
            return ProtocolError.Truncated;
        }

        if (kindByte is < (byte)ChatPayloadKind.Hello or > (byte)ChatPayloadKind.IdentityRotation)
        {
            return ProtocolError.UnknownPayloadKind;
        }

        var kind = (ChatPayloadKind)kindByte;
        if (!reader.TryReadFixed(ChatPayloadLimits.MessageIdSize, out var idBytes) || !reader.TryReadUInt64(out var sequence))
        {
            return ProtocolError.Truncated;
        }

        var messageId = new Guid(idBytes, bigEndian: true);
        var parsed = kind switch
        {
            ChatPayloadKind.Hello => ParseHello(ref reader, messageId, sequence),
            ChatPayloadKind.Text => ParseText(ref reader, messageId, sequence),
            ChatPayloadKind.DeliveryReceipt or ChatPayloadKind.ReadReceipt => ParseReceipt(ref reader, kind, messageId, sequence),
            _ => ParseRotation(ref reader, messageId, sequence),
        };
        if (!parsed.IsOk)
        {
            return parsed;
        }

        return reader.IsAtEnd ? parsed : ProtocolError.TrailingBytes;
    }

    public override string ToString() => $"ChatPayload({Kind}, #{Sequence})";

    private static ProtocolResult<ChatPayload> ParseHello(ref WireReader reader, Guid messageId, ulong sequence)
    {
        if (!reader.TryReadByte(out var relayLength) || !reader.TryReadFixed(relayLength, out var relayBytes))
        {
            return ProtocolError.Truncated;
        }

        var relay = RelayEndpoint.Parse(relayBytes);
        if (!relay.IsOk)
        {
            return relay.Error;
        }

        if (!reader.TryReadByte(out var nameLength))
        {
            return ProtocolError.Truncated;
        }

        if (nameLength > ChatPayloadLimits.MaxDisplayNameBytes)
        {
            return ProtocolError.InvalidPayloadText;
        }

        if (!reader.TryReadFixed(nameLength, out var nameBytes))
        {
            return ProtocolError.Truncated;
        }

        var name = InviteDisplayName.Parse(nameBytes);
        if (!name.IsOk)
        {
            return ProtocolError.InvalidPayloadText;
        }

        var text = ReadText(ref reader);
        if (!text.TryGetValue(out var value))
        {
            return text.Error;
        }

        return ProtocolResult<ChatPayload>.Ok(new ChatPayload(ChatPayloadKind.Hello, messageId, sequence, value, relay.Value, name.Value, [], null));
    }

    private static ProtocolResult<ChatPayload> ParseText(ref WireReader reader, Guid messageId, ulong sequence)
    {
        var text = ReadText(ref reader);
        if (!text.TryGetValue(out var value))
        {
            return text.Error;
        }

        return ProtocolResult<ChatPayload>.Ok(new ChatPayload(ChatPayloadKind.Text, messageId, sequence, value, null, string.Empty, [], null));
    }

    private static ProtocolResult<ChatPayload> ParseReceipt(ref WireReader reader, ChatPayloadKind kind, Guid messageId, ulong sequence)
    {
        if (!reader.TryReadUInt16(out var count))
        {
            return ProtocolError.Truncated;
        }

        if (count is < 1 or > ChatPayloadLimits.MaxReceiptIds)
        {
            return ProtocolError.ReceiptCountOutOfRange;
        }

        if (!reader.TryReadFixed(count * ChatPayloadLimits.MessageIdSize, out var packed))
        {
            return ProtocolError.Truncated;
        }

        var ids = new Guid[count];
        var seen = new HashSet<Guid>();
        for (var i = 0; i < count; i++)
        {
            ids[i] = new Guid(packed.Slice(i * ChatPayloadLimits.MessageIdSize, ChatPayloadLimits.MessageIdSize), bigEndian: true);
            if (!seen.Add(ids[i]))
            {
                return ProtocolError.ReceiptCountOutOfRange;
            }
        }

        return ProtocolResult<ChatPayload>.Ok(new ChatPayload(kind, messageId, sequence, string.Empty, null, string.Empty, ids, null));
    }

    private static ProtocolResult<ChatPayload> ParseRotation(ref WireReader reader, Guid messageId, ulong sequence)
    {
        if (!reader.TryReadFixed(ChatPayloadLimits.RotationBodySize, out var statement))
        {
            return ProtocolError.Truncated;
        }

        // Structure only here; the receiver verifies the signatures against its pin (ContactPin.ApplyMigration).
        var migration = IdentityMigration.Parse(statement);
        if (!migration.IsOk)
        {
            return migration.Error;
        }

        return ProtocolResult<ChatPayload>.Ok(
            new ChatPayload(ChatPayloadKind.IdentityRotation, messageId, sequence, string.Empty, null, string.Empty, [], statement.ToArray()));
    }

    private static ProtocolResult<string> ReadText(ref WireReader reader)
    {
        var error = reader.TryReadVariable32(ChatPayloadLimits.MaxTextBytes, out var bytes);
        if (error != ProtocolError.None)
        {
            return error == ProtocolError.Truncated ? error : ProtocolError.InvalidPayloadText;
        }

        if (bytes.Contains((byte)0))
        {
            return ProtocolError.InvalidPayloadText;
        }

        try
        {
            return ProtocolResult<string>.Ok(s_strictUtf8.GetString(bytes));
        }
        catch (DecoderFallbackException)
        {
            return ProtocolError.InvalidPayloadText;
        }
    }

    private static void RequireText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IsValidText(text))
        {
            throw new ArgumentException($"Text must be valid UTF-8 without NUL and at most {ChatPayloadLimits.MaxTextBytes} bytes.", nameof(text));
        }
    }

    /// <summary>True when <paramref name="text"/> can be sent (strict UTF-8, no NUL, within the byte bound).</summary>
    public static bool IsValidText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            return s_strictUtf8.GetByteCount(text) <= ChatPayloadLimits.MaxTextBytes;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    private static void WriteId(ref WireWriter writer, Guid id)
    {
        if (!id.TryWriteBytes(writer.Reserve(ChatPayloadLimits.MessageIdSize), bigEndian: true, out _))
        {
            throw new InvalidOperationException("A Guid is 16 bytes.");
        }
    }
}
