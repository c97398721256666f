using Pvtcoms.Actors.Storage;
using Pvtcoms.Protocol.Identity;

namespace Pvtcoms.Ui.Blazor.Engine;

/// <summary>
/// Everything the desktop UI asks of the messenger engine of one profile (ADR 0092), and nothing more: the UI
/// never sees a key, a session or a relay token. The engine (ClientNode) is adapted to this interface by the host;
/// tests use an in-memory fake. Implementations are thread-safe; <see cref="Changed"/> may be raised on any thread
/// and handlers must not block.
/// </summary>
public interface IMessengerSession
{
    /// <summary>Raised after anything the UI shows changed (contacts, a history, status, settings).</summary>
    event EventHandler<SessionChangedEventArgs>? Changed;

    /// <summary>Tor and relay state for the status bar; cheap to read.</summary>
    EngineStatus Status { get; }

    Task<ProfileInfo> GetProfileAsync(CancellationToken cancellationToken);

    /// <summary>First run: creates the identity, seals the profile under the passphrase, stores the relay choice.</summary>
    Task<FirstRunOutcome> CreateIdentityAsync(FirstRunRequest request, CancellationToken cancellationToken);

    /// <summary>Opens a locked profile (<see cref="ProfileInfo.Locked"/>) with its passphrase.</summary>
    Task<UnlockOutcome> UnlockAsync(string passphrase, CancellationToken cancellationToken);

    /// <summary>Every contact with its unread count and badges, in display order.</summary>
    Task<IReadOnlyList<ContactView>> GetContactsAsync(CancellationToken cancellationToken);

    Task<ContactView?> GetContactAsync(ContactId contact, CancellationToken cancellationToken);

    /// <summary>The last <paramref name="max"/> messages with a contact, oldest first, with their delivery states.</summary>
    Task<IReadOnlyList<MessageRecord>> GetHistoryAsync(ContactId contact, int max, CancellationToken cancellationToken);

    /// <summary>Queues a message (durably) and returns its id; delivery state changes arrive as <see cref="Changed"/>.</summary>
    Task<SendOutcome> SendAsync(ContactId contact, string text, CancellationToken cancellationToken);

    /// <summary>The user has seen the conversation: unread count to zero, read receipts go out.</summary>
    Task MarkReadAsync(ContactId contact, CancellationToken cancellationToken);

    /// <summary>A new invite as its copyable "pvtcoms1:" text.</summary>
    Task<string> CreateInviteAsync(CancellationToken cancellationToken);

    /// <summary>Accepts a pasted invite; <paramref name="displayName"/> is the name the user gives the new contact.</summary>
    Task<InviteAcceptResult> AcceptInviteAsync(string inviteText, string displayName, CancellationToken cancellationToken);

    /// <summary>The safety number of our identity key and the contact's pinned key.</summary>
    Task<SafetyNumber> GetSafetyNumberAsync(ContactId contact, CancellationToken cancellationToken);

    /// <summary>The user compared the safety numbers: verified, and a key-change warning is acknowledged.</summary>
    Task MarkVerifiedAsync(ContactId contact, CancellationToken cancellationToken);

    Task<MessengerSettings> GetSettingsAsync(CancellationToken cancellationToken);

    Task<SettingsOutcome> SaveSettingsAsync(MessengerSettings settings, CancellationToken cancellationToken);
}
