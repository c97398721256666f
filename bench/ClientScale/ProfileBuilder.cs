using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Messages;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Protocol.Sessions;

namespace Pvtcoms.ClientScale;

/// <summary>
/// Builds a profile store with real identities and real sessions: for each contact a fresh peer identity and
/// prekeys, <c>FirstContact.Initiate</c> by us and <c>Accept</c> by the peer, <c>CommitNewContact</c>; then the
/// contact's share of the messages, alternating outgoing (our <c>Encrypt</c> → <c>CommitOutgoing</c> →
/// <c>CompleteOutbox</c>, so no outbox item is left pending) and incoming (the peer's <c>Encrypt</c> → our
/// <c>Decrypt</c> → <c>CommitIncoming</c> with the blob's digest). Every write goes through the store's public API,
/// so it pays the store's real costs (sealing, synchronous=FULL, the WAL checkpoint after each superseding commit).
/// </summary>
internal static class ProfileBuilder
{
    public const string DatabaseFile = "client.db";
    public const string DeviceKeyFile = "device.key";
    public static readonly RelayEndpoint OwnRelay = RelayEndpoint.Parse("127.0.0.1:9").Value;

    public static void Build(string directory, int contacts, int messages, TextWriter log)
    {
        Directory.CreateDirectory(directory);
        var deviceKey = RandomNumberGenerator.GetBytes(SqliteClientStore.DeviceKeySize);
        File.WriteAllBytes(Path.Combine(directory, DeviceKeyFile), deviceKey);
        var entropy = SystemEntropy.Instance;
        using var store = SqliteClientStore.Open(Path.Combine(directory, DatabaseFile), deviceKey, entropy);

        using var own = IdentityKeyPair.Generate(entropy);
        var ownSeed = new byte[IdentityKeyPair.SeedSize];
        own.ExportSeed(ownSeed);
        store.SaveIdentitySeed(ownSeed);
        using (var ownPrekeys = ResponderPrekeys.Generate(ownSeed, 100, entropy))
        {
            store.SavePrekeys(ownPrekeys.Serialize());
        }

        var epoch = RelayEpoch.FromUnixSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), RelayLimits.DefaultTokenEpochSeconds);
        var perContact = contacts == 0 ? 0 : messages / contacts;
        var extra = contacts == 0 ? 0 : messages % contacts;
        var handshakeTime = TimeSpan.Zero;
        var messageCommitTime = TimeSpan.Zero;
        var contactCommitTime = TimeSpan.Zero;
        var written = 0;
        var total = Stopwatch.StartNew();
        var lastReport = Stopwatch.StartNew();
        for (var i = 0; i < contacts; i++)
        {
            var clock = Stopwatch.StartNew();
            using var peer = IdentityKeyPair.Generate(entropy);
            var peerSeed = new byte[IdentityKeyPair.SeedSize];
            peer.ExportSeed(peerSeed);
            using var peerPrekeys = ResponderPrekeys.Generate(peerSeed, 1, entropy);
            var hello = ChatPayload.CreateHello(Guid.NewGuid(), 1, OwnRelay, "me", "hello").Serialize();
            var (envelope, ours) = FirstContact.Initiate(ownSeed, peerPrekeys.CreateBundle(), hello, entropy).Value;
            var (theirs, _) = FirstContact.Accept(peerPrekeys, envelope, entropy).Value;
            handshakeTime += clock.Elapsed;

            using (ours)
            using (theirs)
            {
                var contact = new ContactRecord
                {
                    Id = ContactId.New(),
                    DisplayName = string.Create(CultureInfo.InvariantCulture, $"contact {i:D5}"),
                    IdentityKey = peer.PublicKey.ToArray(),
                    PeerRelay = OwnRelay.Address,
                    AddedAt = DateTimeOffset.UtcNow,
                };
                clock.Restart();
                store.CommitNewContact(contact, ours.Serialize(), null, null, null, null);
                contactCommitTime += clock.Elapsed;

                var count = perContact + (i < extra ? 1 : 0);
                long outgoing = 0;
                long incoming = 0;
                for (var m = 0; m < count; m++)
                {
                    var text = string.Create(CultureInfo.InvariantCulture, $"message {m} of a conversation, about the length of a short chat line");
                    var id = MessageId.New();
                    if (m % 2 == 0)
                    {
                        var sequence = ++outgoing;
                        var blob = ours.Encrypt(ChatPayload.CreateText(id.Value, (ulong)sequence, text).Serialize(), entropy);
                        clock.Restart();
                        store.CommitOutgoing(contact.Id, ours.Serialize(), Record(id, contact.Id, MessageDirection.Outgoing, sequence, text, DeliveryState.Queued),
                            new OutboxItem
                            {
                                Id = id,
                                Contact = contact.Id,
                                Relay = contact.PeerRelay,
                                Token = ours.SendingToken(epoch),
                                Blob = blob,
                                NextAttemptAt = DateTimeOffset.UtcNow,
                            });
                        store.CompleteOutbox(id);
                        messageCommitTime += clock.Elapsed;
                    }
                    else
                    {
                        var sequence = ++incoming;
                        var blob = theirs.Encrypt(ChatPayload.CreateText(id.Value, (ulong)sequence, text).Serialize(), entropy);
                        _ = ours.Decrypt(blob).Value;
                        clock.Restart();
                        store.CommitIncoming(contact.Id, ours.Serialize(), Record(id, contact.Id, MessageDirection.Incoming, sequence, text, DeliveryState.Received),
                            SHA256.HashData(blob), []);
                        messageCommitTime += clock.Elapsed;
                    }

                    written++;
                }
            }

            if (lastReport.Elapsed > TimeSpan.FromSeconds(15))
            {
                lastReport.Restart();
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  build: {i + 1}/{contacts} contacts, {written}/{messages} messages, {total.Elapsed.TotalSeconds:F0} s"));
            }
        }

        CryptographicOperations.ZeroMemory(ownSeed);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"build: {contacts} contacts + {written} messages in {total.Elapsed.TotalSeconds:F1} s; handshakes (peer prekeys + Initiate + Accept) {handshakeTime.TotalSeconds:F1} s = {Per(handshakeTime, contacts)}; CommitNewContact {contactCommitTime.TotalSeconds:F1} s = {Per(contactCommitTime, contacts)}; message commits {messageCommitTime.TotalSeconds:F1} s = {Per(messageCommitTime, written)} ({Rate(messageCommitTime, written)} messages/s)"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"build: database {new FileInfo(Path.Combine(directory, DatabaseFile)).Length / (1024.0 * 1024.0):F1} MiB"));
    }

    private static MessageRecord Record(MessageId id, ContactId contact, MessageDirection direction, long sequence, string text, DeliveryState state) => new()
    {
        Id = id,
        Contact = contact,
        Direction = direction,
        Sequence = sequence,
        Timestamp = DateTimeOffset.UtcNow,
        Text = text,
        State = state,
    };

    private static string Per(TimeSpan time, int count) =>
        count == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds / count:F2} ms each");

    private static string Rate(TimeSpan time, int count) =>
        time <= TimeSpan.Zero ? "-" : string.Create(CultureInfo.InvariantCulture, $"{count / time.TotalSeconds:F0}");
}
