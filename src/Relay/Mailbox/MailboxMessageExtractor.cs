using Akka.Cluster.Sharding;

namespace Pvtcoms.Relay.Mailbox;

/// <summary>Routes mailbox messages by <see cref="IWithMailboxId.MailboxId"/> to a fixed number of shards.</summary>
public sealed class MailboxMessageExtractor : HashCodeMessageExtractor
{
    public const int ShardCount = 100;

    public MailboxMessageExtractor()
        : base(ShardCount)
    {
    }

    public override string? EntityId(object message) => (message as IWithMailboxId)?.MailboxId;
}
