using System.Security.Cryptography;
using Pvtcoms.Actors.Storage;

namespace Pvtcoms.Actors.Tests.Storage.Support;

/// <summary>Builders for the store's records with distinct, recognisable values.</summary>
internal static class Records
{
    private static readonly DateTimeOffset s_epoch = new(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(1));

    public static ContactRecord Contact(string name = "Ada Lovelace", ContactId? id = null, int addedMinute = 0) => new()
    {
        Id = id ?? ContactId.New(),
        DisplayName = name,
        IdentityKey = RandomNumberGenerator.GetBytes(32),
        PeerRelay = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz234567.onion:443",
        AddedAt = s_epoch.AddMinutes(addedMinute),
    };

    public static MessageRecord Outgoing(ContactId contact, long sequence, string text, MessageId? id = null) => new()
    {
        Id = id ?? MessageId.New(),
        Contact = contact,
        Direction = MessageDirection.Outgoing,
        Sequence = sequence,
        Timestamp = s_epoch.AddSeconds(sequence),
        Text = text,
        State = DeliveryState.Queued,
    };

    public static MessageRecord Incoming(ContactId contact, long sequence, string text, MessageId? id = null) => new()
    {
        Id = id ?? MessageId.New(),
        Contact = contact,
        Direction = MessageDirection.Incoming,
        Sequence = sequence,
        Timestamp = s_epoch.AddSeconds(sequence),
        Text = text,
        State = DeliveryState.Received,
    };

    public static OutboxItem Outbox(ContactId contact, MessageId id, int blobSize = 1024) => new()
    {
        Id = id,
        Contact = contact,
        Relay = "127.0.0.1:9050",
        Token = RandomNumberGenerator.GetBytes(32),
        Blob = RandomNumberGenerator.GetBytes(blobSize),
        NextAttemptAt = s_epoch,
    };

    public static byte[] Digest() => RandomNumberGenerator.GetBytes(32);

    public static byte[] Session() => RandomNumberGenerator.GetBytes(700);

    public static void AssertSame(ContactRecord expected, ContactRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.DisplayName, actual.DisplayName);
        Assert.Equal(expected.IdentityKey, actual.IdentityKey);
        Assert.Equal(expected.PreviousIdentityKey, actual.PreviousIdentityKey);
        Assert.Equal(expected.Verified, actual.Verified);
        Assert.Equal(expected.PeerRelay, actual.PeerRelay);
        Assert.Equal(expected.AddedAt, actual.AddedAt);
        Assert.Equal(expected.AddedAt.Offset, actual.AddedAt.Offset);
    }

    public static void AssertSame(OutboxItem expected, OutboxItem actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Contact, actual.Contact);
        Assert.Equal(expected.Relay, actual.Relay);
        Assert.Equal(expected.Token, actual.Token);
        Assert.Equal(expected.Blob, actual.Blob);
        Assert.Equal(expected.Attempts, actual.Attempts);
        Assert.Equal(expected.NextAttemptAt, actual.NextAttemptAt);
    }
}
