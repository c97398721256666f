using Pvtcoms.Actors.Profiles;

namespace Pvtcoms.Ui.Tests.RealEngine;

/// <summary>A profile environment inside one temp directory: data dir, home and "executable directory" (with a sidecar asking for low PoW).</summary>
public sealed class TestProfileEnvironment : IProfileEnvironment
{
    private readonly Dictionary<string, string> _variables;

    public TestProfileEnvironment(string root, int powDifficulty)
    {
        HomeDirectory = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
        ExecutableDirectory = Directory.CreateDirectory(Path.Combine(root, "bin")).FullName;
        File.WriteAllText(Path.Combine(ExecutableDirectory, RelaySidecar.FileName), $"pow={powDifficulty}\n");
        _variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ProfileLocation.DataDirVariable] = Directory.CreateDirectory(Path.Combine(root, "data")).FullName,
        };
    }

    public OperatingSystemKind OperatingSystem => OperatingSystemKind.Linux;

    public string HomeDirectory { get; }

    public string? ApplicationDataDirectory => null;

    public string ExecutableDirectory { get; }

    public string? GetVariable(string name) => _variables.GetValueOrDefault(name);
}
