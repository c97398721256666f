namespace Pvtcoms.Protocol.Identity;

/// <summary>How far a contact's identity key is trusted. Values are part of the stored format.</summary>
public enum PinState : byte
{
    /// <summary>No key seen yet.</summary>
    Unknown = 0,

    /// <summary>Trust on first use: the first key seen (or a key the user accepted) is pinned.</summary>
    Tofu = 1,

    /// <summary>The user compared safety numbers for the pinned key.</summary>
    Verified = 2,
}

/// <summary>How the pin last moved from an earlier key to the one it holds now. Part of the stored format.</summary>
public enum PinChange : byte
{
    /// <summary>The pinned key is the first one this contact ever had here.</summary>
    None = 0,

    /// <summary>The user explicitly accepted a changed key (the UI should say so).</summary>
    AcceptedByUser = 1,

    /// <summary>A migration signed by the previously pinned key moved the pin.</summary>
    Migrated = 2,
}

/// <summary>What <see cref="ContactPin.Observe"/> found.</summary>
public enum PinObservationKind
{
    /// <summary>No key was pinned; the presented key is now pinned (TOFU).</summary>
    FirstSeen,

    /// <summary>The presented key is the pinned key.</summary>
    Matches,

    /// <summary>A different key: refused, the pin stays on the old key.</summary>
    KeyChanged,
}
