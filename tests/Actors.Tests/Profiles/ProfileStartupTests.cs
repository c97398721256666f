using Pvtcoms.Actors.Profiles;
using Pvtcoms.Actors.Tests.Profiles.Support;

namespace Pvtcoms.Actors.Tests.Profiles;

public sealed class ProfileStartupTests
{
    private static string Legacy(FakeProfileEnvironment env, params (string Name, byte[] Bytes)[] files)
    {
        var legacy = Path.Combine(env.HomeDirectory, ".pvtcoms");
        Directory.CreateDirectory(legacy);
        foreach (var (name, bytes) in files)
        {
            File.WriteAllBytes(Path.Combine(legacy, name), bytes);
        }

        return legacy;
    }

    private static FakeProfileEnvironment Machine()
    {
        var env = new FakeProfileEnvironment();
        env.With(ProfileLocation.DataDirVariable, Path.Combine(env.Scratch, "data"));
        return env;
    }

    [Fact]
    public void A_fresh_machine_opens_the_default_profile_and_holds_its_lock()
    {
        using var env = Machine();

        using var profile = ProfileStartup.Open(env, null).Value;

        Assert.Equal(ProfileName.Default, profile.Paths.Name);
        Assert.Equal(MigrationOutcome.NothingToMigrate, profile.Migration);
        Assert.Equal(ProfileError.ProfileInUse, ProfileStartup.Open(env, null).Error);
    }

    [Fact]
    public void The_lock_is_released_when_the_profile_is_closed()
    {
        using var env = Machine();

        ProfileStartup.Open(env, "alice").Value.Dispose();

        using var again = ProfileStartup.Open(env, "alice").Value;
        Assert.Equal("alice", again.Paths.Name.Value);
    }

    [Fact]
    public void A_legacy_profile_is_moved_into_the_default_profile_at_start()
    {
        using var env = Machine();
        var legacy = Legacy(env, ("client.db", [1, 2, 3]), ("device-key", [4, 5]));

        using var profile = ProfileStartup.Open(env, null).Value;

        Assert.Equal(MigrationOutcome.Migrated, profile.Migration);
        Assert.False(Directory.Exists(legacy));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(profile.Paths.ClientDatabase));
        Assert.Equal([4, 5], File.ReadAllBytes(profile.Paths.DeviceKeyFile));
    }

    [Fact]
    public void Opening_another_profile_also_migrates_the_legacy_one_into_default()
    {
        using var env = Machine();
        var legacy = Legacy(env, ("client.db", [7]));

        using var work = ProfileStartup.Open(env, "work").Value;

        Assert.False(Directory.Exists(legacy));
        var defaultPaths = ProfileLocation.Resolve(env, null).Value;
        Assert.Equal([7], File.ReadAllBytes(defaultPaths.ClientDatabase));
        using var defaultProfile = ProfileStartup.Open(env, null).Value;
    }

    [Fact]
    public void A_stranded_legacy_profile_stops_the_start_and_no_identity_is_created_beside_it()
    {
        using var env = Machine();
        var legacy = Legacy(env, ("client.db", [1]), ("device-key", [2]));
        var defaultPaths = ProfileLocation.Resolve(env, null).Value;
        defaultPaths.EnsureDirectory();
        File.WriteAllBytes(defaultPaths.ClientDatabase, [9]);

        var result = ProfileStartup.Open(env, null);

        Assert.Equal(ProfileError.MigrationDestinationConflict, result.Error);
        Assert.False(File.Exists(defaultPaths.DeviceKeyFile));
        Assert.Equal([1], File.ReadAllBytes(Path.Combine(legacy, "client.db")));
        Assert.Equal(ProfileError.MigrationDestinationConflict, ProfileStartup.Open(env, "work").Error);
    }

    [Fact]
    public void An_interrupted_migration_is_finished_by_the_next_start()
    {
        using var env = Machine();
        var legacy = Legacy(env, ("client.db", [1, 2, 3, 4]), ("device-key", [5]));

        Assert.ThrowsAny<InvalidOperationException>(() => ProfileStartup.Open(env, null, step =>
        {
            if (step == MigrationStep.DeleteSourceFile)
            {
                throw new InvalidOperationException("crash");
            }
        }));

        using var profile = ProfileStartup.Open(env, null).Value;
        Assert.Equal(MigrationOutcome.Migrated, profile.Migration);
        Assert.False(Directory.Exists(legacy));
        Assert.Equal([1, 2, 3, 4], File.ReadAllBytes(profile.Paths.ClientDatabase));
    }

    [Fact]
    public void A_data_root_inside_the_legacy_directory_is_not_migrated_into_itself()
    {
        using var env = new FakeProfileEnvironment();
        var legacy = Legacy(env, ("client.db", [1]));
        env.With(ProfileLocation.DataDirVariable, legacy);

        using var profile = ProfileStartup.Open(env, null).Value;

        Assert.Equal(MigrationOutcome.NothingToMigrate, profile.Migration);
        Assert.True(File.Exists(Path.Combine(legacy, "client.db")));
    }

    [Fact]
    public void An_invalid_profile_name_is_refused_before_anything_is_created()
    {
        using var env = Machine();

        Assert.Equal(ProfileError.InvalidProfileName, ProfileStartup.Open(env, "../escape").Error);
        Assert.False(Directory.Exists(Path.Combine(env.Scratch, "data")));
    }
}
