using System.Collections.Immutable;
using Akka.Actor;
using Pvtcoms.Relay.Mailbox;
using Pvtcoms.Relay.Service;

namespace Pvtcoms.Relay.Clustering;

/// <summary>
/// Answers another node's <see cref="RoutedConfirm"/>: burns the blob ids this node handed out in a fetch
/// (its own in-memory <see cref="BlobRoutes"/>) through the mailbox region, and replies how many it burned.
/// Ids it does not know are ignored, as a single node ignores them. Nothing is stored. See ADR 0101.
/// </summary>
public sealed class ConfirmRoutesActor : ReceiveActor
{
    public ConfirmRoutesActor(BlobRoutes routes, IActorRef mailboxes, TimeSpan mailboxTimeout)
    {
        Receive<RoutedConfirm>(request =>
        {
            var byMailbox = new Dictionary<string, ImmutableArray<BlobId>.Builder>(StringComparer.Ordinal);
            foreach (var id in request.Ids)
            {
                if (routes.TryFind(id, out var mailboxId))
                {
                    if (!byMailbox.TryGetValue(mailboxId, out var ids))
                    {
                        ids = ImmutableArray.CreateBuilder<BlobId>();
                        byMailbox[mailboxId] = ids;
                    }

                    ids.Add(id);
                }
            }

            if (byMailbox.Count == 0)
            {
                Sender.Tell(new RoutedConfirmDone(0));
                return;
            }

            BurnAsync(byMailbox, request.Today, routes, mailboxes, mailboxTimeout).PipeTo(Sender);
        });
    }

    public static Props Props(BlobRoutes routes, IActorRef mailboxes, TimeSpan mailboxTimeout) =>
        Akka.Actor.Props.Create(() => new ConfirmRoutesActor(routes, mailboxes, mailboxTimeout));

    private static async Task<RoutedConfirmDone> BurnAsync(
        Dictionary<string, ImmutableArray<BlobId>.Builder> byMailbox,
        int today,
        BlobRoutes routes,
        IActorRef mailboxes,
        TimeSpan timeout)
    {
        var burned = 0;
        foreach (var (mailboxId, builder) in byMailbox)
        {
            var ids = builder.ToImmutable();
            try
            {
                burned += (await mailboxes.Ask<Confirmed>(new Confirm(mailboxId, ids, today), timeout).ConfigureAwait(false)).Burned;
                foreach (var id in ids)
                {
                    routes.Forget(id);
                }
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                // Not burned: the blob is served again on the next fetch and confirmed then.
            }
        }

        return new RoutedConfirmDone(burned);
    }
}
