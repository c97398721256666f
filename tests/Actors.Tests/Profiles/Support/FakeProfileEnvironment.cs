using Pvtcoms.Actors.Profiles;

namespace Pvtcoms.Actors.Tests.Profiles.Support;

/// <summary>A machine made of a temporary directory: home, appdata and executable dir live inside it.</summary>
internal sealed class FakeProfileEnvironment : IProfileEnvironment, IDisposable
{
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);

    public FakeProfileEnvironment(OperatingSystemKind operatingSystem = OperatingSystemKind.Linux)
    {
        Scratch = Path.Combine(Path.GetTempPath(), "pvtcoms-profile-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Scratch);
        OperatingSystem = operatingSystem;
        HomeDirectory = Path.Combine(Scratch, "home");
        ApplicationDataDirectory = operatingSystem == OperatingSystemKind.Windows ? Path.Combine(Scratch, "appdata") : null;
        ExecutableDirectory = Path.Combine(Scratch, "bin");
        Directory.CreateDirectory(HomeDirectory);
        Directory.CreateDirectory(ExecutableDirectory);
    }

    public string Scratch { get; }

    public OperatingSystemKind OperatingSystem { get; set; }

    public string HomeDirectory { get; set; }

    public string? ApplicationDataDirectory { get; set; }

    public string ExecutableDirectory { get; set; }

    public string? GetVariable(string name) => _variables.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public FakeProfileEnvironment With(string name, string value)
    {
        _variables[name] = value;
        return this;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Scratch, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
