using Pvtcoms.Actors.Storage;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Sessions;

namespace Pvtcoms.Actors.Tests.Support;

/// <summary>Two established sessions from a real first contact, and a store holding "our" side as a contact.</summary>
public sealed class SessionPair : IDisposable
{
    public SessionPair(InMemoryClientStore store, string peerRelay = "127.0.0.1:7201")
    {
        var entropy = SystemEntropy.Instance;
        using var ours = IdentityKeyPair.Generate(entropy);
        using var theirs = IdentityKeyPair.Generate(entropy);
        var ourSeed = new byte[32];
        var theirSeed = new byte[32];
        ours.ExportSeed(ourSeed);
        theirs.ExportSeed(theirSeed);
        using var prekeys = ResponderPrekeys.Generate(ourSeed, 2, entropy);
        var (envelope, peer) = FirstContact.Initiate(theirSeed, prekeys.CreateBundle(), "hello"u8, entropy).Value;
        Peer = peer;
        var (session, _) = FirstContact.Accept(prekeys, envelope, entropy).Value;
        Contact = ContactId.New();
        store.CommitNewContact(
            new ContactRecord { Id = Contact, DisplayName = "peer", IdentityKey = theirs.PublicKey.ToArray(), PeerRelay = peerRelay, AddedAt = DateTimeOffset.UnixEpoch },
            session.Serialize(), null, null, null, null);
        session.Dispose();
    }

    public ContactId Contact { get; }

    /// <summary>The other side's session (its messages are addressed to the stored contact).</summary>
    public EstablishedSession Peer { get; }

    public void Dispose() => Peer.Dispose();
}
