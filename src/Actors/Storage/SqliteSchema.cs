namespace Pvtcoms.Actors.Storage;

/// <summary>
/// The client store's tables (docs/spec/client-storage.md). Every column is a keyed-hash row key, a sealed blob, or
/// an ordering integer; the only plain values are the schema version, the store's random KDF salt and the sealed
/// key-check value in <c>meta</c>.
/// </summary>
internal static class SqliteSchema
{
    public const long Version = 1;

    public const string Meta = "meta";
    public const string OwnKeys = "own_keys";
    public const string Settings = "settings";
    public const string Contacts = "contacts";
    public const string Sessions = "sessions";
    public const string Sequences = "sequences";
    public const string Messages = "messages";
    public const string Outbox = "outbox";
    public const string ProcessedBlobs = "processed_blobs";

    /// <summary>Row-key purposes beyond the table names (the other columns of <c>messages</c>).</summary>
    public const string MessageIdPurpose = "messages/id";
    public const string ConversationPurpose = "messages/conversation";

    public const string SchemaVersionName = "schema-version";
    public const string SaltName = "salt";
    public const string KeyCheckName = "key-check";

    public const string Create = """
        CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE own_keys (row_key BLOB PRIMARY KEY, sealed BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE settings (row_key BLOB PRIMARY KEY, sealed BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE contacts (row_key BLOB PRIMARY KEY, sealed BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE sessions (row_key BLOB PRIMARY KEY, sealed BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE sequences (row_key BLOB PRIMARY KEY, sealed BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE messages (
            conversation BLOB NOT NULL,
            position INTEGER NOT NULL,
            row_key BLOB NOT NULL UNIQUE,
            id_key BLOB NOT NULL,
            sealed BLOB NOT NULL,
            PRIMARY KEY (conversation, position)) WITHOUT ROWID;
        CREATE INDEX messages_by_id ON messages (id_key);
        CREATE TABLE outbox (position INTEGER PRIMARY KEY, row_key BLOB NOT NULL UNIQUE, sealed BLOB NOT NULL);
        CREATE TABLE processed_blobs (row_key BLOB PRIMARY KEY) WITHOUT ROWID;
        """;
}
