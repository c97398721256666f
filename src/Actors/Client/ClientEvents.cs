using Pvtcoms.Actors.Storage;

namespace Pvtcoms.Actors.Client;

/// <summary>
/// What the client tells its subscribers (UI, CLI, tests), published on the actor system's EventStream and
/// forwarded by <see cref="ClientNode.Subscribe"/>. Events carry ids only — never text, names or keys — so
/// printing one reveals nothing.
/// </summary>
public abstract record ClientEvent;

/// <summary>An outgoing message moved to <paramref name="State"/> (Queued → AtRelay → Delivered → Read, or Failed).</summary>
public sealed record DeliveryStateChanged(ContactId Contact, MessageId Message, DeliveryState State) : ClientEvent;

/// <summary>A new incoming message was stored (shown once: duplicates never raise this).</summary>
public sealed record MessageReceived(ContactId Contact, MessageId Message) : ClientEvent;

/// <summary>A contact was added (we accepted an invite, or someone accepted ours).</summary>
public sealed record ContactAdded(ContactId Contact) : ClientEvent;

/// <summary>A contact's pinned identity key changed through a verified signed migration; the previous key is kept.</summary>
public sealed record ContactKeyChanged(ContactId Contact) : ClientEvent;

/// <summary>A relay became reachable or unreachable (by the outcome of the last call to it).</summary>
public sealed record RelayStatusChanged(string Relay, bool Reachable) : ClientEvent;

/// <summary>A blob under one of our tokens could not be opened for long enough and was burned (ADR 0081).</summary>
public sealed record PoisonBlobDiscarded(ContactId? Contact) : ClientEvent;
