using Pvtcoms.Actors.Storage;

namespace Pvtcoms.Actors.Client;

/// <summary>Messages addressed to one contact: the profile routes them to that contact's actor.</summary>
internal interface IWithContactId
{
    ContactId Contact { get; }
}

/// <summary>Facade → profile → contact: encrypt, store, queue. Replies <see cref="MessageId"/>.</summary>
internal sealed record SendText(ContactId Contact, string Text) : IWithContactId
{
    public override string ToString() => $"SendText({Contact})";
}

/// <summary>Facade → contact: send a read receipt for everything received and not yet receipted. Replies <see cref="Done"/>.</summary>
internal sealed record MarkRead(ContactId Contact) : IWithContactId;

/// <summary>Facade → contact: the user compared safety numbers. Replies <see cref="Done"/>.</summary>
internal sealed record MarkVerified(ContactId Contact) : IWithContactId;

/// <summary>Profile → contact: send a rotation statement (already signed) to this contact. Replies <see cref="Done"/>.</summary>
internal sealed record SendRotation(ContactId Contact, byte[] Migration) : IWithContactId
{
    public override string ToString() => $"SendRotation({Contact})";
}

internal sealed record Done
{
    public static Done Instance { get; } = new();
}

/// <summary>Facade → profile. Replies the invite text.</summary>
internal sealed record CreateInvite
{
    public static CreateInvite Instance { get; } = new();
}

/// <summary>Facade → profile. Replies <see cref="ContactId"/> or a failure.</summary>
internal sealed record AcceptInvite(string Invite, string DisplayName, string? FirstMessage)
{
    public override string ToString() => "AcceptInvite";
}

/// <summary>Facade → profile: look a contact up in the directory of <paramref name="Relay"/> and introduce ourselves.</summary>
internal sealed record AddFromDirectory(byte[] IdentityKey, string Relay, string DisplayName, string? FirstMessage)
{
    public override string ToString() => "AddFromDirectory";
}

/// <summary>Facade → profile: move to a new identity key and tell every contact. Replies <see cref="Done"/>.</summary>
internal sealed record RotateIdentity
{
    public static RotateIdentity Instance { get; } = new();
}

/// <summary>Where a polled token's blobs go.</summary>
internal abstract record TokenRoute
{
    public sealed record Contact(ContactId Id) : TokenRoute;

    /// <summary>An intro token (invite or directory): first contact from someone new.</summary>
    public sealed record Intro(string TokenKey) : TokenRoute;

    /// <summary>Our own cover blobs: reclaimed (burned) on sight.</summary>
    public sealed record Cover : TokenRoute
    {
        public static Cover Instance { get; } = new();
    }
}

/// <summary>One token to poll on the own relay and where its blobs go.</summary>
internal sealed record PollToken(byte[] Token, TokenRoute Route)
{
    public override string ToString() => $"PollToken({Route})";
}

/// <summary>Profile → poller: the full set of tokens to poll from now on.</summary>
internal sealed record TokensChanged(ulong Epoch, IReadOnlyList<PollToken> Tokens);

/// <summary>Facade → poller: poll now; replies <see cref="Done"/> once every fetched blob was handled.</summary>
internal sealed record PollNow
{
    public static PollNow Instance { get; } = new();
}

/// <summary>Poller → profile → contact (or intro handler): one fetched blob. Replies <see cref="BlobHandled"/>.</summary>
internal sealed record IncomingBlob(TokenRoute Route, byte[] BlobId, byte[] Blob) : IWithContactId
{
    public ContactId Contact => Route is TokenRoute.Contact c ? c.Id : default;

    public override string ToString() => $"IncomingBlob({Route}, {Blob.Length} bytes)";
}

internal enum BlobResult
{
    /// <summary>Stored (state, row, digest committed): burn it.</summary>
    Committed,

    /// <summary>Its digest was committed before (a confirm was lost): burn it again.</summary>
    AlreadyProcessed,

    /// <summary>It did not open under any candidate session; state unchanged; do not burn (yet).</summary>
    Undecryptable,

    /// <summary>Something failed before the commit; it stays at the relay and is fetched again.</summary>
    NotHandled,
}

internal sealed record BlobHandled(BlobResult Result, byte[] Digest)
{
    public override string ToString() => $"BlobHandled({Result})";
}

/// <summary>Anyone → outbox: a committed item to deposit.</summary>
internal sealed record Enqueue(OutboxItem Item);

/// <summary>Contact → parent: idle, please stop me (messages already queued to me are still handled).</summary>
internal sealed record Passivate
{
    public static Passivate Instance { get; } = new();
}

/// <summary>Test hook: the contact actor throws on its next message (supervision tests).</summary>
internal sealed record CrashForTest(ContactId Contact) : IWithContactId;

/// <summary>Profile → contact: acknowledge this message (the first message of a new contact).</summary>
internal sealed record SendReceiptFor(ContactId Contact, MessageId Message) : IWithContactId;
