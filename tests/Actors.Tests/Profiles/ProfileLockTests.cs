using Pvtcoms.Actors.Profiles;
using Pvtcoms.Actors.Tests.Profiles.Support;

namespace Pvtcoms.Actors.Tests.Profiles;

public sealed class ProfileLockTests
{
    [Fact]
    public void A_second_user_of_the_same_profile_gets_profile_in_use()
    {
        using var env = new FakeProfileEnvironment();
        var paths = ProfileLocation.Resolve(env, "alice").Value;

        using var first = ProfileLock.Acquire(paths).Value;
        var second = ProfileLock.Acquire(paths);

        Assert.Equal(ProfileError.ProfileInUse, second.Error);
        Assert.Contains("in use", second.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_lock_is_free_again_once_released()
    {
        using var env = new FakeProfileEnvironment();
        var paths = ProfileLocation.Resolve(env, "alice").Value;

        ProfileLock.Acquire(paths).Value.Dispose();

        using var again = ProfileLock.Acquire(paths).Value;
        Assert.True(File.Exists(paths.LockFile));
    }

    [Fact]
    public void Two_different_profiles_can_be_used_at_once()
    {
        using var env = new FakeProfileEnvironment();

        using var alice = ProfileLock.Acquire(ProfileLocation.Resolve(env, "alice").Value).Value;
        var bob = ProfileLock.Acquire(ProfileLocation.Resolve(env, "bob").Value);

        Assert.True(bob.IsOk);
        bob.Value.Dispose();
    }
}
