using System.Collections.Immutable;
using Pvtcoms.Relay.Mailbox;

namespace Pvtcoms.Relay.Clustering;

/// <summary>
/// Sent by the node that received a confirm to every other node for the blob ids it has no route for
/// (the fetch happened elsewhere). Each node burns those it routed itself and replies
/// <see cref="RoutedConfirmDone"/>. See ADR 0101.
/// </summary>
public sealed record RoutedConfirm(ImmutableArray<BlobId> Ids, int Today)
{
    public override string ToString() => $"RoutedConfirm({Ids.Length})";
}

/// <summary>How many of the forwarded blob ids the answering node burned.</summary>
public sealed record RoutedConfirmDone(int Burned);
