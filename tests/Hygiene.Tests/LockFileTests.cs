using System.Text.Json;

namespace Pvtcoms.Hygiene.Tests;

/// <summary>Issue 8 point 4: every project restores from a committed lock file, with the runtimes publish needs.</summary>
public sealed class LockFileTests
{
    private static readonly string s_root = Pvtcoms.Tests.Shared.Checkout.Root();

    [Fact]
    public void Every_project_has_a_lock_file_beside_it()
    {
        var projects = Directory.EnumerateFiles(s_root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !IsBuildOutput(p))
            .ToList();

        var missing = projects.Where(p => !File.Exists(Path.Combine(Path.GetDirectoryName(p)!, "packages.lock.json"))).ToList();

        Assert.True(projects.Count >= 10, $"expected every project of the solution, found {projects.Count}");
        Assert.True(missing.Count == 0, "no packages.lock.json (run scripts/update-locks.sh):\n" + string.Join('\n', missing));
    }

    [Fact]
    public void Every_project_under_src_locks_the_runtimes_pvtcoms_is_published_for()
    {
        var lockFiles = Directory.EnumerateFiles(Path.Combine(s_root, "src"), "packages.lock.json", SearchOption.AllDirectories)
            .Where(p => !IsBuildOutput(p))
            .ToList();

        var lacking = lockFiles.Where(f =>
        {
            using var document = JsonDocument.Parse(File.ReadAllText(f));
            var targets = document.RootElement.GetProperty("dependencies").EnumerateObject().Select(t => t.Name).ToList();
            return !targets.Contains("net10.0/linux-x64") || !targets.Contains("net10.0/win-x64");
        }).ToList();

        Assert.NotEmpty(lockFiles);
        Assert.True(lacking.Count == 0, "lock files without linux-x64 and win-x64 (publish in locked mode would fail):\n" + string.Join('\n', lacking));
    }

    private static bool IsBuildOutput(string path)
    {
        var relative = Path.GetRelativePath(s_root, path).Replace('\\', '/');
        return relative.StartsWith("artifacts/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal);
    }
}
