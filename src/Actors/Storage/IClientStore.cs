namespace Pvtcoms.Actors.Storage;

/// <summary>
/// The profile's durable state (DESIGN §4, §6). Every method is synchronous and durable when it returns
/// (the SQLite implementation commits with synchronous=FULL); every Commit* method is one atomic transaction,
/// which is what the two crash invariants rest on:
/// <list type="bullet">
/// <item>outgoing: the ratchet state after encryption, the history row and the outbox item land together,
/// before the ciphertext leaves the process (a crash can never re-use a message key);</item>
/// <item>incoming: the ratchet state after decryption, the history row and the blob's digest land together,
/// before the relay is told to burn the blob (a crash can never lose it; a re-fetched blob is recognised by
/// its digest and only confirmed again).</item>
/// </list>
/// The SQLite implementation seals every payload under the device key (AAD = table and row key) and keys rows
/// by keyed hashes. Implementations are thread-safe. Byte arrays passed in are copied or written before return;
/// callers may zero theirs afterwards. Nothing here logs.
/// </summary>
public interface IClientStore : IDisposable
{
    // ---- the profile's own keys -------------------------------------------------------------------------
    /// <summary>The 32-byte Ed25519 identity seed, or null for a profile not yet initialised.</summary>
    byte[]? LoadIdentitySeed();

    void SaveIdentitySeed(ReadOnlySpan<byte> seed);

    /// <summary>The serialized <c>ResponderPrekeys</c> (with its replay cache), or null.</summary>
    byte[]? LoadPrekeys();

    void SavePrekeys(ReadOnlySpan<byte> serializedPrekeys);

    /// <summary>Small named settings and secrets (own relay address, intro token, directory epoch, ...).</summary>
    byte[]? LoadSetting(string name);

    void SaveSetting(string name, ReadOnlySpan<byte> value);

    // ---- contacts and sessions --------------------------------------------------------------------------
    IReadOnlyList<ContactRecord> LoadContacts();

    ContactRecord? LoadContact(ContactId id);

    /// <summary>Inserts or replaces the contact record (name, verification, pinned keys).</summary>
    void SaveContact(ContactRecord contact);

    /// <summary>The serialized <c>EstablishedSession</c> of a contact, or null.</summary>
    byte[]? LoadSession(ContactId contact);

    /// <summary>
    /// First contact, either side: the new contact, its first session state, the prekeys state after the one-time
    /// prekey was consumed (responder side; null for the initiator), an optional first history row, the digest
    /// of the intro blob (responder) and an optional first outbox item (initiator), all in one transaction.
    /// </summary>
    void CommitNewContact(ContactRecord contact, ReadOnlySpan<byte> session, byte[]? prekeys, MessageRecord? message,
        byte[]? processedBlobDigest, OutboxItem? outbox);

    /// <summary>Outgoing: new ratchet state + history row (may be null for receipts) + outbox item, atomically.</summary>
    void CommitOutgoing(ContactId contact, ReadOnlySpan<byte> session, MessageRecord? message, OutboxItem outbox);

    /// <summary>
    /// Incoming: new ratchet state + history row (null for a duplicate or a receipt) + the processed blob's digest,
    /// atomically. <paramref name="stateChanges"/> are delivery-state updates the payload carried (receipts).
    /// </summary>
    void CommitIncoming(ContactId contact, ReadOnlySpan<byte> session, MessageRecord? message, ReadOnlySpan<byte> processedBlobDigest,
        IReadOnlyList<(MessageId Id, DeliveryState State)> stateChanges);

    /// <summary>True when a blob with this digest (SHA-256 of the blob, 32 bytes) was already committed.</summary>
    bool IsBlobProcessed(ReadOnlySpan<byte> blobDigest);

    // ---- history and delivery states --------------------------------------------------------------------
    /// <summary>The last <paramref name="max"/> messages with a contact, oldest first.</summary>
    IReadOnlyList<MessageRecord> LoadHistory(ContactId contact, int max);

    MessageRecord? LoadMessage(MessageId id);

    /// <summary>True when an incoming message with this id from this contact is already stored (dedup).</summary>
    bool HasIncomingMessage(ContactId contact, MessageId id);

    /// <summary>Moves a message's state forward (never backward; Failed only from Queued/AtRelay). False if unknown or not forward.</summary>
    bool UpdateDeliveryState(MessageId id, DeliveryState state);

    /// <summary>The next outgoing sequence number for a contact (1 for the first message).</summary>
    long NextOutgoingSequence(ContactId contact);

    // ---- outbox -----------------------------------------------------------------------------------------
    /// <summary>Every pending outbox item, oldest first.</summary>
    IReadOnlyList<OutboxItem> LoadOutbox();

    /// <summary>Deposit acknowledged: removes the item and (for a message) sets AtRelay, atomically.</summary>
    void CompleteOutbox(MessageId id);

    /// <summary>Records a failed attempt and when to try again.</summary>
    void RescheduleOutbox(MessageId id, int attempts, DateTimeOffset nextAttemptAt);

    /// <summary>Permanent failure: removes the item and marks the message Failed, atomically.</summary>
    void FailOutbox(MessageId id);
}
