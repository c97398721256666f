using System.Buffers.Binary;
using Pvtcoms.Actors.Storage;

namespace Pvtcoms.Actors.Client;

/// <summary>Names and encodings of the small settings the client keeps in the store.</summary>
internal static class ClientSettings
{
    public const string OpenInvites = "client/open-invites";
    public const string DirectoryIntroToken = "client/directory-intro-token";
    public const string DirectoryEpoch = "client/directory-epoch";
    public const string CoverSecret = "client/cover-secret";
    public const string OwnMigrationSequence = "client/own-migration-sequence";

    public static string ReadUpTo(ContactId id) => $"client/read-up-to/{id.Value:N}";

    public static string MigrationSequence(ContactId id) => $"client/migration-sequence/{id.Value:N}";

    public static ulong ReadUInt64(byte[]? value) => value is { Length: 8 } ? BinaryPrimitives.ReadUInt64BigEndian(value) : 0;

    public static byte[] WriteUInt64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }
}
