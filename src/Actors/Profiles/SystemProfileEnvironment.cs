namespace Pvtcoms.Actors.Profiles;

/// <summary>The real machine, for hosts. Tests use their own <see cref="IProfileEnvironment"/>.</summary>
public sealed class SystemProfileEnvironment : IProfileEnvironment
{
    public static SystemProfileEnvironment Instance { get; } = new();

    private SystemProfileEnvironment()
    {
    }

    public OperatingSystemKind OperatingSystem =>
        System.OperatingSystem.IsWindows() ? OperatingSystemKind.Windows
        : System.OperatingSystem.IsMacOS() ? OperatingSystemKind.MacOS
        : OperatingSystemKind.Linux;

    public string HomeDirectory => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    public string? ApplicationDataDirectory =>
        System.OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData) : null;

    public string ExecutableDirectory => AppContext.BaseDirectory;

    public string? GetVariable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
