using Pvtcoms.Actors.Profiles;
using Pvtcoms.Actors.Tests.Profiles.Support;

namespace Pvtcoms.Actors.Tests.Profiles;

public sealed class DataDirMigrationTests
{
    private sealed class InjectedCrash : Exception
    {
    }

    /// <summary>Throws at the k-th step (1-based) and counts every step it sees.</summary>
    private sealed class FaultInjector(int crashAt)
    {
        public int Steps { get; private set; }

        public List<MigrationStep> Seen { get; } = [];

        public void BeforeStep(MigrationStep step)
        {
            Steps++;
            Seen.Add(step);
            if (Steps == crashAt)
            {
                throw new InjectedCrash();
            }
        }
    }

    /// <summary>A legacy profile: a database bigger than one copy buffer, a key, an empty file, a nested file.</summary>
    private static Dictionary<string, byte[]> LegacyFiles()
    {
        var random = new Random(77);
        var database = new byte[200_000];
        random.NextBytes(database);
        var key = new byte[118];
        random.NextBytes(key);
        return new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["client.db"] = database,
            ["device-key"] = key,
            ["empty"] = [],
            ["tor/onion-key"] = [.. "onion seed"u8],
        };
    }

    private static (string Source, string Destination) Layout(FakeProfileEnvironment env, Dictionary<string, byte[]> files)
    {
        var source = Path.Combine(env.HomeDirectory, ".pvtcoms");
        foreach (var (relative, bytes) in files)
        {
            var path = Path.Combine(source, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }

        return (source, Path.Combine(env.Scratch, "data", "profiles", "default"));
    }

    private static Dictionary<string, byte[]> Snapshot(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllBytes, StringComparer.Ordinal)
            : [];

    private static void AssertCompleted(Dictionary<string, byte[]> expected, string source, string destination)
    {
        Assert.False(Directory.Exists(source), "the legacy directory is gone");
        var copied = Snapshot(destination);
        Assert.True(copied.Remove(DataDirMigration.CompletionMarkerName), "the completion marker is written");
        copied.Remove(ProfilePaths.LockFileName);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), copied.Keys.Order(StringComparer.Ordinal));
        foreach (var (relative, bytes) in expected)
        {
            Assert.Equal(bytes, copied[relative]);
        }
    }

    /// <summary>After a crash: no byte is lost, and the source is only missing files once the destination is complete.</summary>
    private static void AssertNothingLost(Dictionary<string, byte[]> expected, string source, string destination)
    {
        var left = Snapshot(source);
        var copied = Snapshot(destination);
        var complete = copied.ContainsKey(DataDirMigration.CompletionMarkerName);
        foreach (var (relative, bytes) in expected)
        {
            var inSource = left.TryGetValue(relative, out var s) && s.SequenceEqual(bytes);
            var inDestination = copied.TryGetValue(relative, out var d) && d.SequenceEqual(bytes);
            Assert.True(inSource || inDestination, $"{relative} survives somewhere intact");
            if (!inSource)
            {
                Assert.True(complete, $"{relative} left the source before the destination was complete");
            }
        }

        if (complete)
        {
            foreach (var (relative, bytes) in expected)
            {
                Assert.Equal(bytes, copied[relative]);
            }
        }
    }

    private static int CountSteps()
    {
        using var env = new FakeProfileEnvironment();
        var (source, destination) = Layout(env, LegacyFiles());
        var counter = new FaultInjector(crashAt: 0);
        Assert.Equal(MigrationOutcome.Migrated, new DataDirMigration(source, destination, counter.BeforeStep).Run().Value);
        return counter.Steps;
    }

    [Fact]
    public void Every_file_is_copied_byte_identical_verified_marked_and_then_the_source_is_deleted()
    {
        using var env = new FakeProfileEnvironment();
        var files = LegacyFiles();
        var (source, destination) = Layout(env, files);
        var injector = new FaultInjector(crashAt: 0);

        var outcome = new DataDirMigration(source, destination, injector.BeforeStep).Run();

        Assert.Equal(MigrationOutcome.Migrated, outcome.Value);
        AssertCompleted(files, source, destination);
        var marker = injector.Seen.IndexOf(MigrationStep.WriteCompletionMarker);
        Assert.True(marker > injector.Seen.LastIndexOf(MigrationStep.RenameIntoPlace));
        Assert.True(marker < injector.Seen.IndexOf(MigrationStep.DeleteSourceFile));
        Assert.Contains(MigrationStep.CopyHalfWritten, injector.Seen);
    }

    [Fact]
    public void Running_it_again_after_success_does_nothing()
    {
        using var env = new FakeProfileEnvironment();
        var files = LegacyFiles();
        var (source, destination) = Layout(env, files);
        new DataDirMigration(source, destination).Run();
        var after = Snapshot(destination);

        Assert.Equal(MigrationOutcome.NothingToMigrate, new DataDirMigration(source, destination).Run().Value);
        Assert.Equal(after.Keys, Snapshot(destination).Keys);
        AssertCompleted(files, source, destination);
    }

    [Fact]
    public void An_interruption_at_every_step_loses_nothing_and_a_rerun_finishes_the_job()
    {
        var total = CountSteps();
        Assert.True(total >= 15, $"only {total} steps");
        for (var k = 1; k <= total; k++)
        {
            using var env = new FakeProfileEnvironment();
            var files = LegacyFiles();
            var (source, destination) = Layout(env, files);

            Assert.Throws<InjectedCrash>(() => new DataDirMigration(source, destination, new FaultInjector(k).BeforeStep).Run());
            AssertNothingLost(files, source, destination);

            var rerun = new DataDirMigration(source, destination).Run();
            Assert.True(rerun.IsOk, $"rerun after a crash at step {k}: {rerun.Error}");
            AssertCompleted(files, source, destination);
        }
    }

    [Fact]
    public void Two_interruptions_in_a_row_still_lose_nothing()
    {
        var total = CountSteps();
        for (var k = 1; k <= total; k += 2)
        {
            using var env = new FakeProfileEnvironment();
            var files = LegacyFiles();
            var (source, destination) = Layout(env, files);

            Assert.Throws<InjectedCrash>(() => new DataDirMigration(source, destination, new FaultInjector(k).BeforeStep).Run());
            try
            {
                new DataDirMigration(source, destination, new FaultInjector(3).BeforeStep).Run();
            }
            catch (InjectedCrash)
            {
            }

            AssertNothingLost(files, source, destination);
            Assert.True(new DataDirMigration(source, destination).Run().IsOk);
            AssertCompleted(files, source, destination);
        }
    }

    [Fact]
    public void A_different_existing_destination_profile_is_never_clobbered()
    {
        using var env = new FakeProfileEnvironment();
        var files = LegacyFiles();
        var (source, destination) = Layout(env, files);
        Directory.CreateDirectory(destination);
        File.WriteAllBytes(Path.Combine(destination, "client.db"), [9, 9, 9]);

        var result = new DataDirMigration(source, destination).Run();

        Assert.Equal(ProfileError.MigrationDestinationConflict, result.Error);
        Assert.Equal([9, 9, 9], File.ReadAllBytes(Path.Combine(destination, "client.db")));
        Assert.Single(Snapshot(destination));
        Assert.Equal(files.Count, Snapshot(source).Count);
    }

    [Fact]
    public void A_destination_with_a_file_the_legacy_profile_does_not_have_is_a_conflict()
    {
        using var env = new FakeProfileEnvironment();
        var files = LegacyFiles();
        var (source, destination) = Layout(env, files);
        Directory.CreateDirectory(destination);
        File.WriteAllBytes(Path.Combine(destination, "client.db"), files["client.db"]);
        File.WriteAllBytes(Path.Combine(destination, "other-identity"), [1]);

        Assert.Equal(ProfileError.MigrationDestinationConflict, new DataDirMigration(source, destination).Run().Error);
        Assert.Equal(files.Count, Snapshot(source).Count);
    }

    [Fact]
    public void A_legacy_file_changed_after_the_migration_completed_is_kept()
    {
        using var env = new FakeProfileEnvironment();
        var files = LegacyFiles();
        var (source, destination) = Layout(env, files);
        Assert.Throws<InjectedCrash>(() => new DataDirMigration(source, destination, step =>
        {
            if (step == MigrationStep.DeleteSourceFile)
            {
                throw new InjectedCrash();
            }
        }).Run());
        File.WriteAllBytes(Path.Combine(source, "client.db"), [4, 5, 6]);

        Assert.Equal(ProfileError.MigrationDestinationConflict, new DataDirMigration(source, destination).Run().Error);
        Assert.Equal([4, 5, 6], File.ReadAllBytes(Path.Combine(source, "client.db")));
        Assert.Equal(files["client.db"], File.ReadAllBytes(Path.Combine(destination, "client.db")));
    }

    [Fact]
    public void No_legacy_directory_means_nothing_to_migrate()
    {
        using var env = new FakeProfileEnvironment();
        var destination = Path.Combine(env.Scratch, "data", "profiles", "default");

        Assert.Equal(MigrationOutcome.NothingToMigrate, new DataDirMigration(Path.Combine(env.HomeDirectory, ".pvtcoms"), destination).Run().Value);
        Assert.False(Directory.Exists(destination));
    }

    [Fact]
    public void A_destination_inside_the_source_is_refused()
    {
        using var env = new FakeProfileEnvironment();
        var source = Path.Combine(env.HomeDirectory, ".pvtcoms");

        Assert.Throws<ArgumentException>(() => new DataDirMigration(source, Path.Combine(source, "profiles", "default")));
    }
}
