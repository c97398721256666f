namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// Everything the profile code reads from the machine: environment variables, the user's home and
/// application-data directories, the OS family and the executable's directory. Injected, so tests never
/// touch the real home directory or the real keystore.
/// </summary>
public interface IProfileEnvironment
{
    OperatingSystemKind OperatingSystem { get; }

    /// <summary>The user's home directory (<c>$HOME</c>, <c>%USERPROFILE%</c>).</summary>
    string HomeDirectory { get; }

    /// <summary>Windows' roaming application-data directory (<c>%APPDATA%</c>); null elsewhere.</summary>
    string? ApplicationDataDirectory { get; }

    /// <summary>The directory holding the <c>pvtcoms</c> executable (where the <c>pvtcoms.conf</c> sidecar lives).</summary>
    string ExecutableDirectory { get; }

    /// <summary>An environment variable's value, or null when it is unset or empty.</summary>
    string? GetVariable(string name);
}
