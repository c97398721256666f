namespace Pvtcoms.Actors.Storage;

/// <summary>One message of a conversation's history. Stored sealed; <see cref="ToString"/> never shows the text.</summary>
public sealed record MessageRecord
{
    public required MessageId Id { get; init; }

    public required ContactId Contact { get; init; }

    public required MessageDirection Direction { get; init; }

    /// <summary>Per-sender sequence number (1, 2, 3, ... per contact and direction): the order the sender wrote them.</summary>
    public required long Sequence { get; init; }

    /// <summary>When it was written (outgoing) or stored (incoming), local clock.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    public required string Text { get; init; }

    public required DeliveryState State { get; init; }

    public override string ToString() => $"Message({Id}, {Direction}, #{Sequence}, {State})";
}
