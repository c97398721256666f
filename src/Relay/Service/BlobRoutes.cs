using System.Collections.Concurrent;
using Pvtcoms.Relay.Mailbox;

namespace Pvtcoms.Relay.Service;

/// <summary>
/// Which mailbox a fetched blob id belongs to, remembered in memory between a fetch and its confirm
/// (the confirm names blob ids only). Bounded in count and age; an id that has been forgotten (or a
/// restart in between) only means the blob is served again on the next fetch and confirmed then.
/// Never written to disk. See ADR 0051.
/// </summary>
public sealed class BlobRoutes
{
    private readonly ConcurrentDictionary<BlobId, Route> _routes = new();
    private readonly ConcurrentQueue<(BlobId Id, long Tick)> _order = new();
    private readonly int _capacity;
    private readonly long _maxAgeMs;

    public BlobRoutes(int capacity, TimeSpan maxAge)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _maxAgeMs = (long)maxAge.TotalMilliseconds;
    }

    public int Count => _routes.Count;

    public void Remember(BlobId id, string mailboxId)
    {
        var now = Environment.TickCount64;
        _routes[id] = new Route(mailboxId, now);
        _order.Enqueue((id, now));
        Trim(now);
    }

    public bool TryFind(BlobId id, out string mailboxId)
    {
        if (_routes.TryGetValue(id, out var route) && Environment.TickCount64 - route.Tick <= _maxAgeMs)
        {
            mailboxId = route.MailboxId;
            return true;
        }

        mailboxId = string.Empty;
        return false;
    }

    public void Forget(BlobId id) => _routes.TryRemove(id, out _);

    private void Trim(long now)
    {
        while (_order.TryPeek(out var oldest) && (_routes.Count > _capacity || now - oldest.Tick > _maxAgeMs))
        {
            if (!_order.TryDequeue(out oldest))
            {
                break;
            }

            // Only drop the entry if it was not refreshed by a later fetch.
            if (_routes.TryGetValue(oldest.Id, out var route) && route.Tick == oldest.Tick)
            {
                _routes.TryRemove(oldest.Id, out _);
            }
        }
    }

    private readonly record struct Route(string MailboxId, long Tick);
}
