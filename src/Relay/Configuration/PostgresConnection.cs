namespace Pvtcoms.Relay.Configuration;

/// <summary>
/// The PostgreSQL connection string of a relay cluster. It usually holds a password, so it is kept out of
/// every printed form: <see cref="ToString"/> says only what it is, and records holding it print that.
/// Only the journal and the cluster's database queries read <see cref="Value"/>.
/// </summary>
public sealed class PostgresConnection
{
    public PostgresConnection(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value;
    }

    /// <summary>The connection string itself (never log it).</summary>
    public string Value { get; }

    public override string ToString() => "PostgresConnection";
}
