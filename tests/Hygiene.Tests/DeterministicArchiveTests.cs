namespace Pvtcoms.Hygiene.Tests;

/// <summary>Issue 8 point 3: the archives scripts/publish.sh writes depend on file contents only.</summary>
public sealed class DeterministicArchiveTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("pvtcoms-archive-");

    public void Dispose() => _work.Delete(recursive: true);

    [Theory]
    [InlineData("linux-x64", "tar.gz")]
    [InlineData("win-x64", "zip")]
    public void Same_files_written_at_different_times_and_in_different_orders_pack_to_identical_bytes(string rid, string extension)
    {
        var first = Folder("first", new[] { "pvtcoms", "lib/b.dll", "lib/a.dll" }, new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        var second = Folder("second", new[] { "lib/a.dll", "lib/b.dll", "pvtcoms" }, new DateTime(2025, 6, 7, 8, 9, 10, DateTimeKind.Utc));

        var firstArchive = Pack(first, rid, extension);
        var secondArchive = Pack(second, rid, extension);

        Assert.True(new FileInfo(firstArchive).Length > 0);
        Assert.Equal(File.ReadAllBytes(firstArchive), File.ReadAllBytes(secondArchive));
    }

    [Fact]
    public void A_changed_byte_changes_the_archive()
    {
        var first = Folder("first", new[] { "pvtcoms" }, DateTime.UtcNow);
        var second = Folder("second", new[] { "pvtcoms" }, DateTime.UtcNow);
        File.AppendAllText(Path.Combine(second, "pvtcoms"), "!");

        Assert.NotEqual(File.ReadAllBytes(Pack(first, "linux-x64", "tar.gz")), File.ReadAllBytes(Pack(second, "linux-x64", "tar.gz")));
    }

    private string Folder(string name, string[] files, DateTime time)
    {
        var root = Path.Combine(_work.FullName, name, "published");
        foreach (var file in files)
        {
            var path = Path.Combine(root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "contents of " + file);
            File.SetLastWriteTimeUtc(path, time);
        }

        return root;
    }

    private static string Pack(string folder, string rid, string extension)
    {
        var output = Path.GetDirectoryName(folder)!;
        var run = ScriptRun.Start("env", "SOURCE_DATE_EPOCH=1700000000", "python3", ScriptRun.Script("deterministic_archive.py"), folder, output, "pvtcoms-" + rid, rid);
        Assert.True(run.ExitCode == 0, run.ToString());
        return Path.Combine(output, $"pvtcoms-{rid}.{extension}");
    }
}
