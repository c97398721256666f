namespace Pvtcoms.Relay.Hosting;

/// <summary>Registry key of the mailbox shard region.</summary>
public sealed class MailboxRegion
{
}

/// <summary>Registry key of the maintenance actor (sweeps, checkpoints).</summary>
public sealed class RelayMaintenance
{
}
