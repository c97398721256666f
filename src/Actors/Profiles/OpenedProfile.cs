namespace Pvtcoms.Actors.Profiles;

/// <summary>A profile this process holds the lock of. Dispose at shutdown to release the lock.</summary>
public sealed class OpenedProfile : IDisposable
{
    private readonly ProfileLock _lock;

    internal OpenedProfile(ProfilePaths paths, ProfileLock profileLock, MigrationOutcome migration)
    {
        Paths = paths;
        _lock = profileLock;
        Migration = migration;
    }

    public ProfilePaths Paths { get; }

    /// <summary>What the legacy migration did at this start.</summary>
    public MigrationOutcome Migration { get; }

    public void Dispose() => _lock.Dispose();

    public override string ToString() => $"OpenedProfile({Paths.Name})";
}
