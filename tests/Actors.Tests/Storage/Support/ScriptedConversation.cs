using System.Security.Cryptography;
using System.Text;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Sessions;

namespace Pvtcoms.Actors.Tests.Storage.Support;

/// <summary>
/// Two profiles talking over the real protocol (first contact, ratchet, relay tokens), each storing everything
/// through its own <see cref="SqliteClientStore"/> the way the actors do. Every secret it handles is recorded
/// as a needle for the at-rest scan.
/// </summary>
internal sealed class ScriptedConversation : IDisposable
{
    public const ulong Epoch = 20_000;

    private static readonly IEntropy s_entropy = SystemEntropy.Instance;

    public ScriptedConversation(StoreDirectory directory)
    {
        Alice = new Side("alice", directory, "Alice Wonderland-Smith");
        Bob = new Side("bob", directory, "Robert 'Bob' Quuxley");
        Needles.Add("device key", directory.DeviceKey);
    }

    public Side Alice { get; }

    public Side Bob { get; }

    public Needles Needles { get; } = new();

    public ResponderPrekeys? BobPrekeys { get; private set; }

    /// <summary>Both profiles initialise; Alice reaches Bob through his prekey bundle and Bob accepts the intro.</summary>
    public void FirstContact(string firstText)
    {
        foreach (var side in new[] { Alice, Bob })
        {
            side.Store.SaveIdentitySeed(side.Seed);
            Needles.Add($"{side.Name} identity seed", side.Seed);
            Needles.Add($"{side.Name} identity public key", side.Identity.PublicKey.Bytes);
            var ownIntroToken = RandomNumberGenerator.GetBytes(32);
            side.Store.SaveSetting("intro-token", ownIntroToken);
            side.Store.SaveSetting("own-relay", Encoding.UTF8.GetBytes(side.Relay));
            Needles.Add($"{side.Name} intro token", ownIntroToken);
        }

        BobPrekeys = ResponderPrekeys.Generate(Bob.Seed, 3, s_entropy);
        SaveBobPrekeys();

        var bundle = BobPrekeys.CreateBundle();
        var initiated = Protocol.Sessions.FirstContact.Initiate(Alice.Seed, bundle, Encoding.UTF8.GetBytes(firstText), s_entropy).Value;
        Alice.Session = initiated.Session;
        var first = Records.Outgoing(Alice.PeerId, Alice.Store.NextOutgoingSequence(Alice.PeerId), firstText);
        var introToken = RandomNumberGenerator.GetBytes(32);
        var outbox = new OutboxItem
        {
            Id = first.Id, Contact = Alice.PeerId, Relay = Bob.Relay, Token = introToken, Blob = initiated.Envelope,
            NextAttemptAt = DateTimeOffset.UnixEpoch,
        };
        Alice.Store.CommitNewContact(Alice.PeerRecord(Bob), StoreState(Alice), prekeys: null, first, processedBlobDigest: null, outbox);
        Needles.AddText("first message", firstText);
        Needles.Add("intro deposit token", introToken);
        Needles.AddWithWindows("intro envelope", initiated.Envelope);

        var accepted = Protocol.Sessions.FirstContact.Accept(BobPrekeys, initiated.Envelope, s_entropy).Value;
        Bob.Session = accepted.Session;
        var received = Records.Incoming(Bob.PeerId, 1, Encoding.UTF8.GetString(accepted.FirstPlaintext), first.Id);
        var prekeys = BobPrekeys.Serialize();
        Needles.AddWithWindows("bob prekeys after first contact", prekeys);
        Bob.Store.CommitNewContact(Bob.PeerRecord(Alice), StoreState(Bob), prekeys, received, SHA256.HashData(initiated.Envelope), outbox: null);
        Alice.Store.CompleteOutbox(first.Id);
    }

    /// <summary>The sender encrypts and commits (state + history + outbox) before anything leaves; returns the blob.</summary>
    public (MessageId Id, byte[] Blob) Send(Side from, string text)
    {
        var session = from.Session!;
        var blob = session.Encrypt(Encoding.UTF8.GetBytes(text), s_entropy);
        var token = session.SendingToken(Epoch);
        var message = Records.Outgoing(from.PeerId, from.Store.NextOutgoingSequence(from.PeerId), text);
        from.Store.CommitOutgoing(from.PeerId, StoreState(from), message,
            new OutboxItem { Id = message.Id, Contact = from.PeerId, Relay = from.PeerRelay, Token = token, Blob = blob, NextAttemptAt = DateTimeOffset.UnixEpoch });
        Needles.AddText($"message from {from.Name}", text);
        Needles.Add($"{from.Name} sending token", token);
        Needles.Add($"{from.Name} receiving token", session.ReceivingToken(Epoch));
        Needles.AddWithWindows($"ciphertext from {from.Name}", blob);
        from.Sent.Add(message.Id);
        return (message.Id, blob);
    }

    /// <summary>The receiver decrypts and commits (state + history + digest, with a receipt for its own last message).</summary>
    public void Deliver(Side to, MessageId id, byte[] blob)
    {
        var plaintext = to.Session!.Decrypt(blob).Value;
        var message = Records.Incoming(to.PeerId, ++to.ReceivedCount, Encoding.UTF8.GetString(plaintext), id);
        IReadOnlyList<(MessageId, DeliveryState)> receipts = to.Sent.Count > 0 ? [(to.Sent[^1], DeliveryState.Delivered)] : [];
        to.Store.CommitIncoming(to.PeerId, StoreState(to), message, SHA256.HashData(blob), receipts);
    }

    public void SaveBobPrekeys()
    {
        var prekeys = BobPrekeys!.Serialize();
        Needles.AddWithWindows("bob prekeys", prekeys);
        Bob.Store.SavePrekeys(prekeys);
    }

    public void Dispose()
    {
        BobPrekeys?.Dispose();
        Alice.Dispose();
        Bob.Dispose();
    }

    /// <summary>Serializes the session for the store and records it (and its windows: chain keys, root key) as needles.</summary>
    private byte[] StoreState(Side side)
    {
        var state = side.Session!.Serialize();
        Needles.AddWithWindows($"{side.Name} session state #{++side.StateCount}", state);
        return state;
    }

    internal sealed class Side : IDisposable
    {
        public Side(string name, StoreDirectory directory, string displayName)
        {
            Name = name;
            DisplayName = displayName;
            Identity = IdentityKeyPair.Generate(s_entropy);
            Seed = new byte[IdentityKeyPair.SeedSize];
            Identity.ExportSeed(Seed);
            Store = directory.Open(name);
            Relay = $"127.0.0.1:{7000 + name.Length}";
        }

        public string Name { get; }

        /// <summary>How the other side names this one.</summary>
        public string DisplayName { get; }

        public IdentityKeyPair Identity { get; }

        public byte[] Seed { get; }

        public SqliteClientStore Store { get; private set; }

        public string Relay { get; }

        public string PeerRelay { get; private set; } = "";

        public ContactId PeerId { get; } = ContactId.New();

        public EstablishedSession? Session { get; set; }

        public List<MessageId> Sent { get; } = [];

        public long ReceivedCount { get; set; }

        public int StateCount { get; set; }

        public ContactRecord PeerRecord(Side peer)
        {
            PeerRelay = peer.Relay;
            return new ContactRecord
            {
                Id = PeerId,
                DisplayName = peer.DisplayName,
                IdentityKey = peer.Identity.PublicKey.ToArray(),
                PeerRelay = peer.Relay,
                AddedAt = DateTimeOffset.UnixEpoch,
            };
        }

        public void Reopen(StoreDirectory directory)
        {
            Store.Dispose();
            Store = directory.Open(Name);
        }

        public void Dispose()
        {
            Session?.Dispose();
            Store.Dispose();
            Identity.Dispose();
        }
    }
}
