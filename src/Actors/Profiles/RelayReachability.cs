namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// What the client has seen of one relay: consecutive failed attempts since the last success. A relay is
/// <see cref="IsUnreachable"/> after <see cref="UnreachableAfter"/> failures in a row; one success resets it.
/// Immutable; the transport records each attempt.
/// </summary>
public readonly record struct RelayReachability(int ConsecutiveFailures)
{
    public const int UnreachableAfter = 3;

    public static RelayReachability Unknown => default;

    public bool IsUnreachable => ConsecutiveFailures >= UnreachableAfter;

    public RelayReachability RecordFailure() => new(ConsecutiveFailures == int.MaxValue ? int.MaxValue : ConsecutiveFailures + 1);

    public RelayReachability RecordSuccess() => default;
}
