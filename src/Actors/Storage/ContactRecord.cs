namespace Pvtcoms.Actors.Storage;

/// <summary>
/// What the profile knows about one contact. Stored sealed; <see cref="ToString"/> shows only the local id.
/// </summary>
public sealed record ContactRecord
{
    public required ContactId Id { get; init; }

    /// <summary>The name the user gave (or the invite's hint). Private: never logged.</summary>
    public required string DisplayName { get; init; }

    /// <summary>The peer's pinned Ed25519 identity public key (32 bytes).</summary>
    public required byte[] IdentityKey { get; init; }

    /// <summary>The identity key pinned before a rotation the peer announced, kept for the key-change warning.</summary>
    public byte[]? PreviousIdentityKey { get; init; }

    /// <summary>The user compared safety numbers and marked this contact verified.</summary>
    public bool Verified { get; init; }

    /// <summary>The relay the peer polls (where we deposit to it), as a <c>RelayEndpoint</c> address.</summary>
    public required string PeerRelay { get; init; }

    public required DateTimeOffset AddedAt { get; init; }

    public override string ToString() => $"Contact({Id})";
}
