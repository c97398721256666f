using Pvtcoms.Actors.Storage;

namespace Pvtcoms.Ui.Blazor.Engine;

[Flags]
public enum SessionChangeKind
{
    None = 0,
    Profile = 1,
    Contacts = 2,
    History = 4,
    Status = 8,
    Settings = 16,
}

/// <summary>What changed; <see cref="Contact"/> names the conversation for <see cref="SessionChangeKind.History"/>.</summary>
public sealed class SessionChangedEventArgs(SessionChangeKind kind, ContactId? contact = null) : EventArgs
{
    public SessionChangeKind Kind { get; } = kind;

    public ContactId? Contact { get; } = contact;

    public override string ToString() => $"SessionChanged({Kind})";
}
