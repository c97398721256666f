using System.Security.Cryptography;

namespace Pvtcoms.Relay.Mailbox;

/// <summary>
/// The name under which a token's mailbox lives in the actor system and the database: a hash of the
/// token, so neither the journal, the shard allocation nor any log line carries the token itself.
/// </summary>
public static class MailboxId
{
    private static readonly byte[] s_label = "pvtcoms/v1/relay/mailbox-id"u8.ToArray();

    /// <summary>32 lowercase hex characters: SHA-256(label ‖ token), first 16 bytes.</summary>
    public static string ForToken(ReadOnlySpan<byte> token)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(s_label);
        hash.AppendData(token);
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest[..16]);
    }
}
