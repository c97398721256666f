using Pvtcoms.Actors.Profiles;
using Pvtcoms.Actors.Tests.Profiles.Support;

namespace Pvtcoms.Actors.Tests.Profiles;

public sealed class ProfileLocationTests
{
    [Fact]
    public void Linux_profiles_live_under_xdg_data_home_when_it_is_set()
    {
        using var env = new FakeProfileEnvironment();
        var xdg = Path.Combine(env.Scratch, "xdg");
        env.With(ProfileLocation.XdgDataHomeVariable, xdg);

        var paths = ProfileLocation.Resolve(env, null).Value;

        Assert.Equal(Path.Combine(xdg, "pvtcoms"), paths.DataRoot);
        Assert.Equal(Path.Combine(xdg, "pvtcoms", "profiles", "default"), paths.Directory);
    }

    [Fact]
    public void Linux_falls_back_to_local_share_under_home()
    {
        using var env = new FakeProfileEnvironment();

        Assert.Equal(Path.Combine(env.HomeDirectory, ".local", "share", "pvtcoms"), ProfileLocation.DataRoot(env).Value);
    }

    [Fact]
    public void A_relative_xdg_data_home_is_ignored_as_the_xdg_spec_requires()
    {
        using var env = new FakeProfileEnvironment();
        env.With(ProfileLocation.XdgDataHomeVariable, "relative/dir");

        Assert.Equal(Path.Combine(env.HomeDirectory, ".local", "share", "pvtcoms"), ProfileLocation.DataRoot(env).Value);
    }

    [Fact]
    public void Windows_profiles_live_under_appdata()
    {
        using var env = new FakeProfileEnvironment(OperatingSystemKind.Windows);

        Assert.Equal(Path.Combine(env.ApplicationDataDirectory!, "pvtcoms"), ProfileLocation.DataRoot(env).Value);
    }

    [Fact]
    public void Windows_without_appdata_has_no_data_directory()
    {
        using var env = new FakeProfileEnvironment(OperatingSystemKind.Windows) { ApplicationDataDirectory = null };

        Assert.Equal(ProfileError.NoDataDirectory, ProfileLocation.DataRoot(env).Error);
    }

    [Fact]
    public void MacOS_profiles_live_under_library_application_support()
    {
        using var env = new FakeProfileEnvironment(OperatingSystemKind.MacOS);

        Assert.Equal(Path.Combine(env.HomeDirectory, "Library", "Application Support", "pvtcoms"), ProfileLocation.DataRoot(env).Value);
    }

    [Theory]
    [InlineData(OperatingSystemKind.Linux)]
    [InlineData(OperatingSystemKind.Windows)]
    [InlineData(OperatingSystemKind.MacOS)]
    public void PVTCOMS_DATA_DIR_overrides_the_platform_directory(OperatingSystemKind os)
    {
        using var env = new FakeProfileEnvironment(os);
        var custom = Path.Combine(env.Scratch, "custom");
        env.With(ProfileLocation.DataDirVariable, custom).With(ProfileLocation.XdgDataHomeVariable, Path.Combine(env.Scratch, "xdg"));

        var paths = ProfileLocation.Resolve(env, "work").Value;

        Assert.Equal(custom, paths.DataRoot);
        Assert.Equal(Path.Combine(custom, "profiles", "work"), paths.Directory);
        Assert.Equal(Path.Combine(custom, "profiles", "work", "client.db"), paths.ClientDatabase);
        Assert.Equal(Path.Combine(custom, "profiles", "work", "device-key"), paths.DeviceKeyFile);
    }

    [Fact]
    public void A_relative_PVTCOMS_DATA_DIR_is_refused()
    {
        using var env = new FakeProfileEnvironment();
        env.With(ProfileLocation.DataDirVariable, "not/absolute");

        Assert.Equal(ProfileError.NoDataDirectory, ProfileLocation.DataRoot(env).Error);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("default")]
    [InlineData("work-2")]
    [InlineData("x_y")]
    [InlineData("0")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")]
    public void Valid_profile_names_are_accepted(string name)
    {
        Assert.Equal(name, ProfileName.Parse(name).Value.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Default")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("-flag")]
    [InlineData("_x")]
    [InlineData("a b")]
    [InlineData("café")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    [InlineData("a\0")]
    public void Invalid_profile_names_are_a_clear_error(string name)
    {
        using var env = new FakeProfileEnvironment();

        Assert.Equal(ProfileError.InvalidProfileName, ProfileName.Parse(name).Error);
        Assert.Equal(ProfileError.InvalidProfileName, ProfileLocation.Resolve(env, name).Error);
    }

    [Fact]
    public void Resolving_touches_nothing_on_disk()
    {
        using var env = new FakeProfileEnvironment();

        var paths = ProfileLocation.Resolve(env, "quiet").Value;

        Assert.False(Directory.Exists(paths.DataRoot));
    }

    [Fact]
    public void Profile_directories_are_created_owner_only()
    {
        using var env = new FakeProfileEnvironment();
        var paths = ProfileLocation.Resolve(env, null).Value;

        paths.EnsureDirectory();

        Assert.True(Directory.Exists(paths.Directory));
        if (!OperatingSystem.IsWindows())
        {
            var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            Assert.Equal(owner, File.GetUnixFileMode(paths.Directory));
            Assert.Equal(owner, File.GetUnixFileMode(paths.DataRoot));
        }
    }

    [Fact]
    public void A_too_open_existing_profile_directory_is_tightened()
    {
        Assert.False(OperatingSystem.IsWindows(), "Unix file modes");
        using var env = new FakeProfileEnvironment();
        var paths = ProfileLocation.Resolve(env, null).Value;
        Directory.CreateDirectory(paths.Directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(paths.Directory, (UnixFileMode)0b111_101_101);

            paths.EnsureDirectory();

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(paths.Directory));
        }
    }
}
