using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;

namespace Pvtcoms.Relay.Service;

/// <summary>
/// A cheaper <c>Ask</c> for a single-node relay (ADR 0117): the reply goes to a <see cref="MailboxReply"/> that
/// completes a task in the replying actor's own <c>Tell</c>, so the HTTP request continues on that thread
/// instead of a further thread-pool hop; no temporary actor is registered and no timer is started per
/// request. One shared sweep, every quarter second, answers <see cref="TimedOut"/> to requests whose deadline
/// has passed. The replies cannot travel between nodes: a relay cluster keeps using <c>Ask</c>.
/// </summary>
public sealed class DirectReplies : IDisposable
{
    /// <summary>What a request gets when no reply came before its deadline.</summary>
    public static readonly object TimedOut = new();

    private static readonly TimeSpan s_sweepInterval = TimeSpan.FromMilliseconds(250);

    private readonly ActorPath _path;
    private readonly IActorRefProvider _provider;
    private readonly long _timeoutTicks;
    private readonly ConcurrentQueue<MailboxReply> _pending = new();
    private readonly Timer _sweep;

    public DirectReplies(ActorSystem system, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(system);
        _provider = ((ExtendedActorSystem)system).Provider;
        _path = _provider.TempPath();
        _timeoutTicks = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        _sweep = new Timer(_ => Sweep(), null, s_sweepInterval, s_sweepInterval);
    }

    /// <summary>Requests still waiting or not yet swept (for tests).</summary>
    public int Pending => _pending.Count;

    /// <summary>
    /// Sends <paramref name="message"/> to <paramref name="target"/> with a reply address; the task completes with the
    /// first reply, or with <see cref="TimedOut"/>. Continuations run on the replying thread: keep them short and
    /// non-blocking.
    /// </summary>
    public Task<object> AskAsync(IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        var reply = new MailboxReply(_path, _provider, Stopwatch.GetTimestamp() + _timeoutTicks);
        _pending.Enqueue(reply);
        target.Tell(message, reply);
        return reply.Task;
    }

    /// <summary>Times out every request still waiting (at shutdown) and stops the sweep.</summary>
    public void Dispose()
    {
        _sweep.Dispose();
        while (_pending.TryDequeue(out var reply))
        {
            reply.Expire();
        }
    }

    /// <summary>Drops answered requests from the head of the queue and times out those past their deadline.</summary>
    internal void Sweep()
    {
        var now = Stopwatch.GetTimestamp();
        while (_pending.TryPeek(out var head) && (head.Task.IsCompleted || head.Deadline <= now))
        {
            if (_pending.TryDequeue(out var taken))
            {
                taken.Expire();
            }
        }
    }
}
