namespace Pvtcoms.Actors.Profiles;

/// <summary>What a successful <see cref="DataDirMigration.Run"/> did.</summary>
public enum MigrationOutcome
{
    /// <summary>No legacy profile exists (or it was an empty directory, now removed).</summary>
    NothingToMigrate,

    /// <summary>The legacy profile was copied, verified, marked complete and deleted (possibly finishing an interrupted run).</summary>
    Migrated,
}
