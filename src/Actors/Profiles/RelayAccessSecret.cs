namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// A relay's optional access key, sent as <c>Authorization: Bearer &lt;key&gt;</c> (docs/RELAY.md). Printable
/// ASCII without spaces, 1–256 characters. <see cref="ToString"/> reveals nothing.
/// </summary>
public sealed class RelayAccessSecret : IEquatable<RelayAccessSecret>
{
    public const int MaxLength = 256;

    private RelayAccessSecret(string value) => Value = value;

    /// <summary>The secret itself; only for the Authorization header.</summary>
    public string Value { get; }

    public static RelayAccessSecret? TryParse(string? text)
    {
        if (text is null || text.Length is 0 or > MaxLength)
        {
            return null;
        }

        foreach (var c in text)
        {
            if (c is < '!' or > '~')
            {
                return null;
            }
        }

        return new RelayAccessSecret(text);
    }

    public bool Equals(RelayAccessSecret? other) =>
        other is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(Value), System.Text.Encoding.ASCII.GetBytes(other.Value));

    public override bool Equals(object? obj) => obj is RelayAccessSecret other && Equals(other);

    public override int GetHashCode() => Value.Length;

    public override string ToString() => "RelayAccessSecret(redacted)";
}
