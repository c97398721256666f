using System.Collections.Immutable;
using Akka.Actor;
using Pvtcoms.Relay.Hosting;
using Pvtcoms.Relay.Mailbox;

namespace Pvtcoms.Relay.Clustering;

/// <summary>
/// Sends the blob ids of a confirm that this node has no route for to the confirm-routes actor of every other
/// Up relay node (the fetch that handed them out happened there) and adds up what they burned. A node that
/// does not answer in time only means its blobs are served again on the next fetch. See ADR 0101.
/// </summary>
public sealed class ConfirmForwarder
{
    private readonly ActorSystem _system;
    private readonly TimeSpan _timeout;

    public ConfirmForwarder(ActorSystem system, TimeSpan timeout)
    {
        _system = system;
        _timeout = timeout;
    }

    public async Task<int> ForwardAsync(ImmutableArray<BlobId> ids, int today, CancellationToken cancellationToken)
    {
        if (ids.IsEmpty)
        {
            return 0;
        }

        var request = new RoutedConfirm(ids, today);
        var asks = ClusterMembership.OtherUpRelays(_system)
            .Select(address => _system
                .ActorSelection(new RootActorPath(address) / "user" / ConfirmRoutes.ActorName)
                .Ask<RoutedConfirmDone>(request, _timeout, cancellationToken))
            .ToList();
        var burned = 0;
        foreach (var ask in asks)
        {
            try
            {
                burned += (await ask.ConfigureAwait(false)).Burned;
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException or ActorNotFoundException)
            {
                // That node's routes are out of reach; its blobs are served again and confirmed later.
            }
        }

        return burned;
    }
}
