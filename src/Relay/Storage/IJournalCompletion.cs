namespace Pvtcoms.Relay.Storage;

/// <summary>
/// What the <see cref="JournalWriter"/> calls when a queued write or deletion has been committed and synced to
/// stable storage, or has failed. Called on the WAL sync thread (<see cref="WalSync"/>), in queue order: an
/// implementation must only hand the result on (a <c>Tell</c>), never block or do I/O.
/// </summary>
public interface IJournalCompletion
{
    void Committed();

    void Failed(Exception cause);
}
