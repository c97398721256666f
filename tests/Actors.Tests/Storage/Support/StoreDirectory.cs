using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Actors.Tests.Storage.Support;

/// <summary>A temporary directory holding one or more stores, each with its own random device key; deleted on Dispose.</summary>
internal sealed class StoreDirectory : IDisposable
{
    public StoreDirectory()
    {
        DeviceKey = RandomNumberGenerator.GetBytes(SqliteClientStore.DeviceKeySize);
    }

    public string Root { get; } = Directory.CreateTempSubdirectory("pvtcoms-store-").FullName;

    public byte[] DeviceKey { get; }

    public string PathOf(string name = "profile") => Path.Combine(Root, name + ".db");

    public SqliteClientStore Open(string name = "profile", byte[]? deviceKey = null) =>
        SqliteClientStore.Open(PathOf(name), deviceKey ?? DeviceKey, SystemEntropy.Instance);

    /// <summary>The raw bytes of the database, its WAL and its shm file (those that exist), read without locking.</summary>
    public IReadOnlyList<(string File, byte[] Bytes)> RawFiles(string name = "profile")
    {
        var files = new List<(string, byte[])>();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            var path = PathOf(name) + suffix;
            if (File.Exists(path))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                files.Add((Path.GetFileName(path), copy.ToArray()));
            }
        }

        return files;
    }

    /// <summary>Runs SQL directly on a closed store's file (an attacker with write access to the disk).</summary>
    public void Tamper(string sql, params (string Name, object Value)[] parameters)
    {
        const string name = "profile";
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = PathOf(name), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (parameter, value) in parameters)
        {
            _ = command.Parameters.AddWithValue(parameter, value);
        }

        _ = command.ExecuteNonQuery();
    }

    public List<byte[]> RawColumn(string sql, string name = "profile")
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = PathOf(name), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<byte[]>();
        while (reader.Read())
        {
            values.Add((byte[])reader.GetValue(0));
        }

        return values;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
