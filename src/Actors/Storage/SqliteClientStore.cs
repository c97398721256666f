using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Actors.Storage;

/// <summary>
/// The profile's durable state on plain SQLite, every payload sealed (DESIGN §6, ADR 0070, docs/spec/client-storage.md).
/// One connection behind one lock; WAL with synchronous=FULL and secure_delete=ON; each write is one transaction.
/// A write that supersedes secret state (keys, prekeys, settings, contacts, sessions) is followed by a
/// <c>wal_checkpoint(TRUNCATE)</c> before the call returns, so the superseded sealed bytes are gone from the
/// database, WAL and shm files (ADR 0071). <see cref="ToString"/> reveals nothing; nothing here logs.
/// </summary>
public sealed partial class SqliteClientStore : IClientStore
{
    public const int DeviceKeySize = StoreSealer.KeySize;

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly StoreSealer _sealer;
    private SqliteTransaction? _transaction;
    private bool _disposed;

    private SqliteClientStore(SqliteConnection connection, StoreSealer sealer)
    {
        _connection = connection;
        _sealer = sealer;
    }

    /// <summary>Test hook: called with a step name inside every Commit* transaction; a throw aborts the transaction.</summary>
    internal Action<string>? CommitStep { get; set; }

    /// <summary>
    /// Opens (creating the file and schema if missing) the store at <paramref name="databasePath"/> under the 32-byte
    /// device key. A store created under another key gives <see cref="StoreKeyMismatchException"/>; a file that is
    /// not a store gives <see cref="StoreCorruptException"/>; a newer schema <see cref="UnsupportedStoreVersionException"/>.
    /// </summary>
    public static SqliteClientStore Open(string databasePath, ReadOnlySpan<byte> deviceKey, IEntropy entropy)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        ArgumentNullException.ThrowIfNull(entropy);
        if (deviceKey.Length != DeviceKeySize)
        {
            throw new ArgumentException($"The device key must be {DeviceKeySize} bytes.", nameof(deviceKey));
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ToString());
        StoreSealer? sealer = null;
        try
        {
            connection.Open();
            ConfigureConnection(connection);
            sealer = OpenOrCreateSchema(connection, deviceKey, entropy);
            var store = new SqliteClientStore(connection, sealer);
            lock (store._gate)
            {
                store.CheckpointLocked();
            }

            return store;
        }
        catch (SqliteException e)
        {
            sealer?.Dispose();
            connection.Dispose();
            throw new StoreCorruptException(SqliteSchema.Meta, e);
        }
        catch
        {
            sealer?.Dispose();
            connection.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _sealer.Dispose();
            _connection.Dispose();
        }
    }

    public override string ToString() => "SqliteClientStore";

    private static void ConfigureConnection(SqliteConnection connection)
    {
        var mode = ExecuteScalar(connection, "PRAGMA journal_mode=WAL;") as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("The client store could not switch to WAL mode.");
        }

        _ = ExecuteScalar(connection, "PRAGMA synchronous=FULL;");
        _ = ExecuteScalar(connection, "PRAGMA secure_delete=ON;");
        _ = ExecuteScalar(connection, "PRAGMA temp_store=MEMORY;");
        if (ExecuteScalar(connection, "PRAGMA secure_delete;") is not long secureDelete || secureDelete != 1
            || ExecuteScalar(connection, "PRAGMA synchronous;") is not long synchronous || synchronous != 2)
        {
            throw new InvalidOperationException("The client store could not enable secure_delete and synchronous=FULL.");
        }
    }

    private static StoreSealer OpenOrCreateSchema(SqliteConnection connection, ReadOnlySpan<byte> deviceKey, IEntropy entropy)
    {
        using var transaction = connection.BeginTransaction();
        StoreSealer? sealer = null;
        try
        {
            sealer = OpenOrCreateSchema(connection, transaction, deviceKey, entropy);
            transaction.Commit();
            return sealer;
        }
        catch
        {
            sealer?.Dispose();
            throw;
        }
    }

    private static StoreSealer OpenOrCreateSchema(SqliteConnection connection, SqliteTransaction transaction, ReadOnlySpan<byte> deviceKey,
        IEntropy entropy)
    {
        var exists = ExecuteScalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta';", transaction) is long n && n > 0;
        StoreSealer sealer;
        if (!exists)
        {
            if (ExecuteScalar(connection, "SELECT count(*) FROM sqlite_master;", transaction) is not long objects || objects != 0)
            {
                throw new StoreCorruptException(SqliteSchema.Meta);
            }

            var salt = new byte[StoreSealer.SaltSize];
            entropy.Fill(salt);
            sealer = new StoreSealer(deviceKey, salt, entropy);
            try
            {
                CreateSchema(connection, transaction, sealer, salt);
            }
            catch
            {
                sealer.Dispose();
                throw;
            }
        }
        else
        {
            sealer = OpenExisting(connection, transaction, deviceKey, entropy);
        }

        return sealer;
    }

    private static void CreateSchema(SqliteConnection connection, SqliteTransaction transaction, StoreSealer sealer, byte[] salt)
    {
        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = SqliteSchema.Create;
            _ = create.ExecuteNonQuery();
        }

        var check = sealer.Seal(SqliteSchema.Meta, KeyCheckIdentity, Labels.StoreKeyCheck);
        InsertMeta(connection, transaction, SqliteSchema.SchemaVersionName, SqliteSchema.Version);
        InsertMeta(connection, transaction, SqliteSchema.SaltName, salt);
        InsertMeta(connection, transaction, SqliteSchema.KeyCheckName, check);
    }

    private static StoreSealer OpenExisting(SqliteConnection connection, SqliteTransaction transaction, ReadOnlySpan<byte> deviceKey,
        IEntropy entropy)
    {
        var version = ReadMeta(connection, transaction, SqliteSchema.SchemaVersionName);
        if (version is not long schemaVersion)
        {
            throw new StoreCorruptException(SqliteSchema.Meta);
        }

        if (schemaVersion != SqliteSchema.Version)
        {
            throw new UnsupportedStoreVersionException(schemaVersion);
        }

        if (ReadMeta(connection, transaction, SqliteSchema.SaltName) is not byte[] salt || salt.Length != StoreSealer.SaltSize
            || ReadMeta(connection, transaction, SqliteSchema.KeyCheckName) is not byte[] check)
        {
            throw new StoreCorruptException(SqliteSchema.Meta);
        }

        var sealer = new StoreSealer(deviceKey, salt, entropy);
        if (!sealer.TryOpen(SqliteSchema.Meta, KeyCheckIdentity, check, out var opened)
            || !CryptographicOperations.FixedTimeEquals(opened, Labels.StoreKeyCheck))
        {
            sealer.Dispose();
            throw new StoreKeyMismatchException();
        }

        return sealer;
    }

    private static ReadOnlySpan<byte> KeyCheckIdentity => "key-check"u8;

    private static void InsertMeta(SqliteConnection connection, SqliteTransaction transaction, string name, object value)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO meta (name, value) VALUES ($name, $value);";
        _ = command.Parameters.AddWithValue("$name", name);
        _ = command.Parameters.AddWithValue("$value", value);
        _ = command.ExecuteNonQuery();
    }

    private static object? ReadMeta(SqliteConnection connection, SqliteTransaction transaction, string name)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT value FROM meta WHERE name = $name;";
        _ = command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar();
    }

    private static object? ExecuteScalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    // ---- the one connection, the one lock ----------------------------------------------------------------

    private T Read<T>(Func<T> body)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return body();
        }
    }

    /// <summary>One transaction; when <paramref name="supersedesSecrets"/>, a TRUNCATE checkpoint after the commit.</summary>
    private T Write<T>(bool supersedesSecrets, Func<T> body)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            T result;
            using (var transaction = _connection.BeginTransaction())
            {
                _transaction = transaction;
                try
                {
                    result = body();
                    transaction.Commit();
                }
                finally
                {
                    _transaction = null;
                }
            }

            if (supersedesSecrets)
            {
                CheckpointLocked();
            }

            return result;
        }
    }

    private void Write(bool supersedesSecrets, Action body) => Write(supersedesSecrets, () =>
    {
        body();
        return true;
    });

    private void Step(string name) => CommitStep?.Invoke(name);

    /// <summary>Copies every WAL frame into the database and truncates the WAL to zero bytes.</summary>
    private void CheckpointLocked()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        using var reader = command.ExecuteReader();
        if (!reader.Read() || reader.GetInt64(0) != 0)
        {
            throw new InvalidOperationException("The client store's WAL checkpoint was blocked.");
        }
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            _ = command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private int Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    // ---- rows keyed by one row key (own_keys, settings, contacts, sessions, sequences) --------------------

    private byte[]? LoadKeyed(string table, byte[] rowKey)
    {
        using var command = Command($"SELECT sealed FROM {table} WHERE row_key = $key;", ("$key", rowKey));
        if (command.ExecuteScalar() is not byte[] sealedBytes)
        {
            return null;
        }

        return _sealer.Open(table, rowKey, sealedBytes);
    }

    private void SaveKeyed(string table, byte[] rowKey, ReadOnlySpan<byte> payload)
    {
        var sealedBytes = _sealer.Seal(table, rowKey, payload);
        _ = Execute($"INSERT INTO {table} (row_key, sealed) VALUES ($key, $sealed) ON CONFLICT (row_key) DO UPDATE SET sealed = excluded.sealed;",
            ("$key", rowKey), ("$sealed", sealedBytes));
    }
}
