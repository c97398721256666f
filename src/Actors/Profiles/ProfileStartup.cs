namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// How a process starts on a profile: resolve its paths, take its lock (<see cref="ProfileError.ProfileInUse"/>
/// when another process has it), and first move a legacy <c>~/.pvtcoms</c> profile into the default profile
/// (ADR 0076). If a legacy profile exists and cannot be migrated, starting fails: no new identity is ever
/// created beside a stranded one.
/// </summary>
public static class ProfileStartup
{
    public static ProfileResult<OpenedProfile> Open(IProfileEnvironment environment, string? profileName, Action<MigrationStep>? migrationStep = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var resolved = ProfileLocation.Resolve(environment, profileName);
        if (!resolved.TryGetValue(out var paths))
        {
            return resolved.Error;
        }

        var migration = MigrateLegacy(environment, paths, migrationStep, out var heldLock);
        if (!migration.TryGetValue(out var outcome))
        {
            return migration.Error;
        }

        if (heldLock is null)
        {
            var acquired = ProfileLock.Acquire(paths);
            if (!acquired.TryGetValue(out heldLock))
            {
                return acquired.Error;
            }
        }

        return ProfileResult<OpenedProfile>.Ok(new OpenedProfile(paths, heldLock, outcome));
    }

    /// <summary>
    /// Migrates <c>~/.pvtcoms</c> into the default profile under that profile's lock. When the profile being
    /// opened is the default one, its lock stays held and is handed back in <paramref name="heldLock"/>.
    /// </summary>
    private static ProfileResult<MigrationOutcome> MigrateLegacy(IProfileEnvironment environment, ProfilePaths opening,
        Action<MigrationStep>? step, out ProfileLock? heldLock)
    {
        heldLock = null;
        var legacy = ProfileLocation.LegacyDirectory(environment);
        if (legacy is null || !Directory.Exists(legacy) || Overlaps(legacy, opening.DataRoot))
        {
            return ProfileResult<MigrationOutcome>.Ok(MigrationOutcome.NothingToMigrate);
        }

        var target = new ProfilePaths(opening.DataRoot, ProfileName.Default);
        var acquired = ProfileLock.Acquire(target);
        if (!acquired.TryGetValue(out var targetLock))
        {
            return acquired.Error;
        }

        ProfileResult<MigrationOutcome> result;
        try
        {
            result = new DataDirMigration(legacy, target.Directory, step).Run();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            result = ProfileError.LegacyProfileStranded;
        }
        catch
        {
            targetLock.Dispose();
            throw;
        }

        if (!result.IsOk)
        {
            targetLock.Dispose();
            return result.Error == ProfileError.MigrationDestinationConflict ? result : ProfileError.LegacyProfileStranded;
        }

        if (opening.Name == ProfileName.Default)
        {
            heldLock = targetLock;
        }
        else
        {
            targetLock.Dispose();
        }

        return result;
    }

    private static bool Overlaps(string a, string b)
    {
        var fullA = Path.GetFullPath(a);
        var fullB = Path.GetFullPath(b);
        return IsInside(fullA, fullB) || IsInside(fullB, fullA);

        static bool IsInside(string path, string root)
        {
            var relative = Path.GetRelativePath(root, path);
            return relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
        }
    }
}
