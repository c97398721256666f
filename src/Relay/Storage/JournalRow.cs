namespace Pvtcoms.Relay.Storage;

/// <summary>One serialized event as it goes into the journal table (docs/RELAY.md, "Journal rows").</summary>
public readonly record struct JournalRow(string PersistenceId, long SequenceNr, int SweepDay, string Manifest, byte[] Message);
