namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// Where profiles live. The data root is <c>PVTCOMS_DATA_DIR</c> when set, else the per-user data directory:
/// Linux <c>$XDG_DATA_HOME/pvtcoms</c> (else <c>~/.local/share/pvtcoms</c>), Windows <c>%APPDATA%\pvtcoms</c>,
/// macOS <c>~/Library/Application Support/pvtcoms</c>. A profile is <c>&lt;root&gt;/profiles/&lt;name&gt;</c>.
/// The legacy location (before the data root existed) is <c>~/.pvtcoms</c>, one flat profile (ADR 0076).
/// </summary>
public static class ProfileLocation
{
    public const string DataDirVariable = "PVTCOMS_DATA_DIR";
    public const string XdgDataHomeVariable = "XDG_DATA_HOME";
    public const string ApplicationDirectoryName = "pvtcoms";
    public const string ProfilesDirectoryName = "profiles";
    public const string LegacyDirectoryName = ".pvtcoms";

    public static ProfileResult<string> DataRoot(IProfileEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.GetVariable(DataDirVariable) is { } overridden)
        {
            return Absolute(overridden);
        }

        var home = environment.HomeDirectory;
        switch (environment.OperatingSystem)
        {
            case OperatingSystemKind.Windows:
                return environment.ApplicationDataDirectory is { Length: > 0 } appData
                    ? Absolute(Path.Combine(appData, ApplicationDirectoryName))
                    : ProfileError.NoDataDirectory;
            case OperatingSystemKind.MacOS:
                return string.IsNullOrEmpty(home)
                    ? ProfileError.NoDataDirectory
                    : Absolute(Path.Combine(home, "Library", "Application Support", ApplicationDirectoryName));
            default:
                // XDG: a relative XDG_DATA_HOME is invalid and must be ignored.
                if (environment.GetVariable(XdgDataHomeVariable) is { } xdg && Path.IsPathFullyQualified(xdg))
                {
                    return ProfileResult<string>.Ok(Path.Combine(xdg, ApplicationDirectoryName));
                }

                return string.IsNullOrEmpty(home)
                    ? ProfileError.NoDataDirectory
                    : Absolute(Path.Combine(home, ".local", "share", ApplicationDirectoryName));
        }
    }

    /// <summary>The paths of the named profile (nothing is created; see <see cref="ProfilePaths.EnsureDirectory"/>).</summary>
    public static ProfileResult<ProfilePaths> Resolve(IProfileEnvironment environment, string? profileName)
    {
        var name = ProfileName.Parse(profileName ?? ProfileName.Default.Value);
        if (!name.TryGetValue(out var validName))
        {
            return name.Error;
        }

        var root = DataRoot(environment);
        return root.TryGetValue(out var rootPath)
            ? ProfileResult<ProfilePaths>.Ok(new ProfilePaths(rootPath, validName))
            : root.Error;
    }

    /// <summary>The legacy single-profile directory <c>~/.pvtcoms</c>, or null when there is no home directory.</summary>
    public static string? LegacyDirectory(IProfileEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return string.IsNullOrEmpty(environment.HomeDirectory) ? null : Path.Combine(environment.HomeDirectory, LegacyDirectoryName);
    }

    private static ProfileResult<string> Absolute(string path) =>
        Path.IsPathFullyQualified(path) ? ProfileResult<string>.Ok(path) : ProfileError.NoDataDirectory;
}
