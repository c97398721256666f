namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// A profile's name (<c>--profile NAME</c>): <c>[a-z0-9][a-z0-9_-]{0,31}</c>, so it is one safe path segment on
/// every file system (no separators, no dots, no case folding surprises). The default is <c>default</c>.
/// </summary>
public sealed record ProfileName
{
    public const int MaxLength = 32;

    private ProfileName(string value) => Value = value;

    public static ProfileName Default { get; } = new("default");

    public string Value { get; }

    public static ProfileResult<ProfileName> Parse(string? name)
    {
        if (name is null || name.Length is 0 or > MaxLength || !IsLeading(name[0]))
        {
            return ProfileError.InvalidProfileName;
        }

        foreach (var c in name.AsSpan(1))
        {
            if (!IsLeading(c) && c is not ('_' or '-'))
            {
                return ProfileError.InvalidProfileName;
            }
        }

        return ProfileResult<ProfileName>.Ok(new ProfileName(name));
    }

    public override string ToString() => Value;

    private static bool IsLeading(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
