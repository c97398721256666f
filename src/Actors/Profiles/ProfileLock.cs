namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// The profile's lock file, held open with <see cref="FileShare.None"/> for as long as a process uses the
/// profile (.NET takes an exclusive <c>flock</c> on Unix, a share-mode lock on Windows). The OS drops it when
/// the process dies, so a crash never leaves a profile locked. Dispose to release.
/// </summary>
public sealed class ProfileLock : IDisposable
{
    private readonly FileStream _stream;

    private ProfileLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock of <paramref name="paths"/>, creating the profile directory; <see cref="ProfileError.ProfileInUse"/> when held.</summary>
    public static ProfileResult<ProfileLock> Acquire(ProfilePaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        paths.EnsureDirectory();
        return AcquireFile(paths.LockFile);
    }

    internal static ProfileResult<ProfileLock> AcquireFile(string lockFile)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            return ProfileResult<ProfileLock>.Ok(new ProfileLock(new FileStream(lockFile, options)));
        }
        catch (IOException)
        {
            // Unix: EWOULDBLOCK from flock; Windows: sharing violation. Both mean another holder.
            return ProfileError.ProfileInUse;
        }
    }

    public void Dispose() => _stream.Dispose();

    public override string ToString() => "ProfileLock";
}
