namespace Pvtcoms.Actors.Profiles;

/// <summary>The operating-system families whose per-user data directory conventions differ.</summary>
public enum OperatingSystemKind
{
    Linux,
    Windows,
    MacOS,
}
