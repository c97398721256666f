using Pvtcoms.Actors.Storage;

namespace Pvtcoms.Ui.Blazor.Engine;

/// <summary>One contact as the UI lists it.</summary>
/// <param name="Record">The stored contact (name, pinned key, verified flag).</param>
/// <param name="UnreadCount">Incoming messages not yet seen.</param>
/// <param name="KeyChanged">The contact's identity key changed since it was pinned and the user has not re-verified.</param>
public sealed record ContactView(ContactRecord Record, int UnreadCount, bool KeyChanged)
{
    public ContactId Id => Record.Id;

    public string DisplayName => Record.DisplayName;

    public bool Verified => Record.Verified;

    public override string ToString() => $"ContactView({Record.Id})";
}
