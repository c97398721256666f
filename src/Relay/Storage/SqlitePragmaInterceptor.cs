using System.Data.Common;
using LinqToDB.Interceptors;

namespace Pvtcoms.Relay.Storage;

/// <summary>
/// Applied to every connection the journal opens: deleted rows are overwritten with zeros
/// (<c>secure_delete</c>), commits are synced (<c>synchronous = FULL</c>: a deposit is acknowledged only once
/// it would survive power loss), and lock waits are handled inside SQLite.
/// </summary>
public sealed class SqlitePragmaInterceptor : IConnectionInterceptor
{
    public const string Pragmas = "PRAGMA secure_delete = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000;";

    public void ConnectionOpening(ConnectionEventData eventData, DbConnection connection)
    {
    }

    public Task ConnectionOpeningAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public void ConnectionOpened(ConnectionEventData eventData, DbConnection connection) => Apply(connection);

    public async Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
