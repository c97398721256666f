using Akka.Actor;
using Pvtcoms.Relay.Storage;

namespace Pvtcoms.Relay.Mailbox;

/// <summary>
/// Creates mailbox entities with a plain constructor call. <c>Props.Create(() =&gt; new ...)</c> evaluates
/// its argument expressions by compiling them, which costs a JIT compilation per entity start; the relay
/// starts an entity for every token that was idle (ADR 0056).
/// </summary>
internal sealed class MailboxActorProducer(string mailboxId, MailboxLimits limits, StorageLedger ledger, Func<int> today) : IIndirectActorProducer
{
    public Type ActorType => typeof(MailboxActor);

    public ActorBase Produce() => new MailboxActor(mailboxId, limits, ledger, today);

    public void Release(ActorBase actor)
    {
    }
}
