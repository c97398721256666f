using Akka.Actor;
using Akka.Dispatch.SysMsg;

namespace Pvtcoms.Relay.Service;

/// <summary>
/// The reply address of one <see cref="DirectReplies.AskAsync"/>: the first message told to it completes its task,
/// synchronously, on the telling thread. Local only (it is not registered under its path).
/// </summary>
internal sealed class MailboxReply(ActorPath path, IActorRefProvider provider, long deadline) : MinimalActorRef
{
    private readonly TaskCompletionSource<object> _reply = new();

    public override ActorPath Path { get; } = path;

    public override IActorRefProvider Provider { get; } = provider;

    public long Deadline { get; } = deadline;

    public Task<object> Task => _reply.Task;

    public void Expire() => _reply.TrySetResult(DirectReplies.TimedOut);

    protected override void TellInternal(object message, IActorRef sender)
    {
        if (message is not ISystemMessage)
        {
            _reply.TrySetResult(message ?? DirectReplies.TimedOut);
        }
    }

    public override string ToString() => "MailboxReply";
}
