namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// The durable actions of a data-dir migration, in order (ADR 0076). The migration calls its step hook
/// before each one, so tests can interrupt it at every step.
/// </summary>
public enum MigrationStep
{
    CreateDestination,
    RemoveStaleTemporary,
    CopyToTemporary,
    /// <summary>Half of a file's bytes are written to its temporary copy (an interruption leaves it partial).</summary>
    CopyHalfWritten,
    RenameIntoPlace,
    SyncDestinationDirectory,
    WriteCompletionMarker,
    DeleteSourceFile,
    DeleteSourceDirectory,
    SyncSourceParent,
}
