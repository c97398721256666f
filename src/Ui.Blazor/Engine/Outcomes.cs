using Pvtcoms.Actors.Storage;

namespace Pvtcoms.Ui.Blazor.Engine;

public enum InviteAcceptOutcome
{
    Accepted = 0,

    /// <summary>Not a "pvtcoms1:" invite, bad checksum or bad contents.</summary>
    Malformed = 1,

    /// <summary>Our own invite.</summary>
    OwnInvite = 2,

    /// <summary>This invite was already used.</summary>
    AlreadyUsed = 3,
}

public sealed record InviteAcceptResult(InviteAcceptOutcome Outcome, ContactId? Contact)
{
    public static InviteAcceptResult Refused(InviteAcceptOutcome outcome) => new(outcome, null);
}

public enum SendOutcomeKind
{
    Queued = 0,
    UnknownContact = 1,
    Empty = 2,
    TooLong = 3,
}

public sealed record SendOutcome(SendOutcomeKind Kind, MessageId? Message)
{
    /// <summary>Longest message text the UI accepts (characters).</summary>
    public const int MaxTextLength = 4000;
}
