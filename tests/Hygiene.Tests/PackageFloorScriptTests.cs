namespace Pvtcoms.Hygiene.Tests;

/// <summary>Issue 8 point 4: scripts/check-package-floors.sh fails on a resolved package below its floor.</summary>
public sealed class PackageFloorScriptTests : IDisposable
{
    private readonly DirectoryInfo _fixture = Directory.CreateTempSubdirectory("pvtcoms-floors-");

    public void Dispose() => _fixture.Delete(recursive: true);

    [Fact]
    public void A_transitive_package_below_its_floor_fails_the_check_and_is_named()
    {
        WriteLockFile("app", ("BouncyCastle.Cryptography", "2.7.0", "Direct"), ("Newtonsoft.Json", "13.0.0", "Transitive"));

        var run = CheckFixture();

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("below floor: Newtonsoft.Json 13.0.0 < 13.0.1", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("BouncyCastle", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prefix_floor_covers_every_package_of_the_family()
    {
        WriteLockFile("app", ("SQLitePCLRaw.core", "3.0.5", "Transitive"), ("SQLitePCLRaw.provider.e_sqlite3", "2.1.10", "Transitive"));

        var run = CheckFixture();

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("below floor: SQLitePCLRaw.provider.e_sqlite3 2.1.10 < 3.0.5", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("SQLitePCLRaw.core ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prerelease_of_the_floor_version_is_below_the_floor()
    {
        WriteLockFile("app", ("Npgsql", "8.0.3-preview.1", "Direct"));

        var run = CheckFixture();

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("below floor: Npgsql 8.0.3-preview.1 < 8.0.3", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_lock_file_of_a_tree_is_checked()
    {
        WriteLockFile("first", ("Akka", "1.5.74", "Direct"));
        WriteLockFile(Path.Combine("nested", "second"), ("Akka.Remote", "1.4.0", "Transitive"));

        var run = CheckFixture();

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("below floor: Akka.Remote 1.4.0 < 1.5.70", run.Output, StringComparison.Ordinal);
        Assert.Contains("in 2 lock files", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Packages_at_or_above_their_floors_pass()
    {
        WriteLockFile("app", ("Newtonsoft.Json", "13.0.1", "Transitive"), ("BouncyCastle.Cryptography", "2.8.0", "Direct"), ("Unfloored.Package", "0.0.1", "Transitive"));

        var run = CheckFixture();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("check-package-floors: ok (2 checks in 1 lock files", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tree_without_lock_files_is_an_error_not_a_pass()
    {
        var run = CheckFixture();

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("nothing would be checked", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void This_repository_and_its_shipped_runtime_are_at_or_above_every_floor()
    {
        var run = ScriptRun.Start("bash", ScriptRun.Script("check-package-floors.sh"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("check-package-floors: ok", run.Output, StringComparison.Ordinal);
    }

    private ScriptRun CheckFixture() =>
        ScriptRun.Start("bash", ScriptRun.Script("check-package-floors.sh"), "--no-framework", "--root", _fixture.FullName);

    private void WriteLockFile(string project, params (string Name, string Version, string Type)[] packages)
    {
        var entries = packages.Select(p => p.Type == "Direct"
            ? $"\"{p.Name}\": {{ \"type\": \"Direct\", \"requested\": \"[{p.Version}, )\", \"resolved\": \"{p.Version}\", \"contentHash\": \"AA==\" }}"
            : $"\"{p.Name}\": {{ \"type\": \"Transitive\", \"resolved\": \"{p.Version}\", \"contentHash\": \"AA==\" }}");
        var json = $"{{ \"version\": 2, \"dependencies\": {{ \"net10.0\": {{ {string.Join(", ", entries)}, \"Pvtcoms.Protocol\": {{ \"type\": \"Project\" }} }} }} }}";
        var directory = Directory.CreateDirectory(Path.Combine(_fixture.FullName, project));
        File.WriteAllText(Path.Combine(directory.FullName, "packages.lock.json"), json);
    }
}
