namespace Pvtcoms.Relay.Mailbox;

/// <summary>What one token's mailbox may hold at most.</summary>
public sealed record MailboxLimits(int MaxBlobs, long MaxBytes)
{
    public static readonly MailboxLimits Default = new(MaxBlobs: 256, MaxBytes: 4L * 1024 * 1024);
}
