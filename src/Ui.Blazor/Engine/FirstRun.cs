namespace Pvtcoms.Ui.Blazor.Engine;

/// <summary>What the first-run screen collects. <see cref="ToString"/> never shows the passphrase.</summary>
public sealed record FirstRunRequest(string DisplayName, string Passphrase, string Relay)
{
    public override string ToString() => "FirstRunRequest";
}

public enum FirstRunOutcome
{
    Created = 0,
    AlreadyExists = 1,
    InvalidRelay = 2,
    PassphraseTooWeak = 3,
}

/// <summary>The profile as the UI greets it.</summary>
/// <param name="HasIdentity">False until the first run created the identity.</param>
/// <param name="DisplayName">The user's own name (private, local only).</param>
/// <param name="Fingerprint">The own identity key's short fingerprint.</param>
/// <param name="Locked">The profile exists but waits for its passphrase (the unlock screen); nothing else is readable yet.</param>
public sealed record ProfileInfo(bool HasIdentity, string? DisplayName, string? Fingerprint, bool Locked = false);

public enum UnlockOutcome
{
    Unlocked = 0,
    WrongPassphrase = 1,

    /// <summary>Nothing to unlock: the profile is open already, or there is none yet (first run).</summary>
    NotLocked = 2,
}
