namespace Pvtcoms.Actors.Storage;

/// <summary>
/// A ciphertext ready to deposit: already produced by the contact's ratchet, whose new state was stored in the
/// same transaction. Re-sending after a crash re-sends these exact bytes; no key is ever used twice.
/// </summary>
public sealed record OutboxItem
{
    /// <summary>The message this deposit carries (or, for receipts, a fresh id).</summary>
    public required MessageId Id { get; init; }

    public required ContactId Contact { get; init; }

    /// <summary>The relay to deposit to (<c>RelayEndpoint</c> address).</summary>
    public required string Relay { get; init; }

    /// <summary>The 32-byte relay token (mailbox) to deposit under.</summary>
    public required byte[] Token { get; init; }

    /// <summary>The bucket-padded blob exactly as it goes to the relay.</summary>
    public required byte[] Blob { get; init; }

    public int Attempts { get; init; }

    public required DateTimeOffset NextAttemptAt { get; init; }

    public override string ToString() => $"Outbox({Id}, attempts {Attempts})";
}
