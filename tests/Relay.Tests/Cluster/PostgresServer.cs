using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Pvtcoms.Relay.Tests.Cluster;

/// <summary>
/// A real PostgreSQL server for the cluster tests, from Debian's <c>postgresql</c> package: a fresh data
/// directory in a temporary folder, <c>initdb</c> with a password (scram), <c>postgres</c> listening on
/// 127.0.0.1 only on a port from <see cref="Pvtcoms.Tests.Shared.LoopbackPorts"/>, its socket in the temporary
/// folder. Run as the <c>postgres</c> system user when the tests run as root (initdb and postgres refuse root).
/// Stopped by its pid (from postmaster.pid) and the folder deleted on dispose.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    public const string User = "pvtcoms_test";

    private readonly string _root;
    private readonly string _data;
    private readonly string _bin;
    private readonly bool _asPostgresUser;

    public PostgresServer()
    {
        _bin = FindBin();
        _asPostgresUser = Environment.UserName == "root";
        _root = Path.Combine(Path.GetTempPath(), "pvtcoms-pg-" + Guid.NewGuid().ToString("N")[..12]);
        _data = Path.Combine(_root, "data");
        Directory.CreateDirectory(_root);
        Password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        var passwordFile = Path.Combine(_root, "pw");
        File.WriteAllText(passwordFile, Password + "\n");
        if (_asPostgresUser)
        {
            Run("chown", ["-R", "postgres:postgres", _root]);
        }

        Port = Pvtcoms.Tests.Shared.LoopbackPorts.Reserve();
        RunAs(Path.Combine(_bin, "initdb"), ["-D", _data, "-U", User, "--pwfile", passwordFile, "-A", "scram-sha-256", "--no-sync", "-E", "UTF8", "--locale", "C"]);
        File.Delete(passwordFile);
        RunAs(Path.Combine(_bin, "pg_ctl"),
        [
            "start", "-w", "-t", "60", "-D", _data, "-l", Path.Combine(_root, "postgres.log"),
            "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {_root} -c max_connections=200 -c shared_buffers=32MB",
        ]);
    }

    public int Port { get; }

    /// <summary>The superuser's password (random per server); it must never show in a relay's output.</summary>
    public string Password { get; }

    /// <summary>A connection string to <paramref name="database"/> as the test superuser.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = User,
            Password = Password,
            Database = database,
            Pooling = true,
            MaxPoolSize = 40,
        }.ToString();

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public string CreateDatabase(string name)
    {
        using var connection = new NpgsqlConnection(ConnectionString());
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
        command.ExecuteNonQuery();
        return ConnectionString(name);
    }

    /// <summary>Runs one scalar query.</summary>
    public long Scalar(string database, string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        var pidFile = Path.Combine(_data, "postmaster.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            // Fast shutdown by the postmaster's pid; it ends its own children.
            Run("kill", ["-INT", pid.ToString(CultureInfo.InvariantCulture)]);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (File.Exists(pidFile) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }

            if (File.Exists(pidFile))
            {
                Run("kill", ["-KILL", pid.ToString(CultureInfo.InvariantCulture)]);
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string FindBin()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException("PostgreSQL is not installed (Debian package postgresql; ./test.sh installs it).");
    }

    private void RunAs(string program, IReadOnlyList<string> arguments)
    {
        if (_asPostgresUser)
        {
            Run("runuser", ["-u", "postgres", "--", program, .. arguments]);
        }
        else
        {
            Run(program, arguments);
        }
    }

    private static void Run(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill();
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({process.ExitCode}): {output.Result}{error.Result}");
        }
    }
}
