namespace Pvtcoms.Actors.Storage;

/// <summary>
/// A store that cannot be trusted or opened. The message names only the kind of failure and, where it helps, the
/// table — never a key, a row key, a path, a contact or any stored byte.
/// </summary>
public abstract class ClientStoreException : Exception
{
    private protected ClientStoreException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>
/// A sealed row did not open under its table and row key (tampered, swapped, truncated), or opened to a record
/// that does not belong where it was found. The store never returns such a row's content.
/// </summary>
public sealed class StoreCorruptException : ClientStoreException
{
    public StoreCorruptException(string table, Exception? inner = null)
        : base($"A row of the client store's '{table}' table is corrupt or was moved.", inner)
    {
        Table = table;
    }

    /// <summary>The table (a fixed schema name, not data) where the corrupt row was found.</summary>
    public string Table { get; }
}

/// <summary>The device key given to <see cref="SqliteClientStore.Open"/> is not the key this store was created with.</summary>
public sealed class StoreKeyMismatchException : ClientStoreException
{
    public StoreKeyMismatchException()
        : base("The device key does not open this client store.")
    {
    }
}

/// <summary>The store was written by a newer (or unknown) schema version; it is left untouched.</summary>
public sealed class UnsupportedStoreVersionException : ClientStoreException
{
    public UnsupportedStoreVersionException(long version)
        : base($"The client store has schema version {version}, which this build does not read.")
    {
        Version = version;
    }

    public long Version { get; }
}
