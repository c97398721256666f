using System.Text;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.DirectoryRecords;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Messages;
using Pvtcoms.Protocol.Ratchet;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Protocol.Sessions;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Wire;

/// <summary>Every Protocol entry point that parses untrusted bytes, with valid seed inputs for mutation.</summary>
internal static class ParserCatalog
{
    private const long Small = 16 * 1024;
    private const long Crypto = 256 * 1024;

    public static IReadOnlyList<ParserTarget> All()
    {
        var entropy = new DeterministicEntropy(4242);
        var targets = new List<ParserTarget>();

        // --- Primitives ---
        var messageKey = new byte[32];
        entropy.Fill(messageKey);
        var sealedMessage = MessageSeal.Seal(messageKey, "hello"u8, "ad"u8);
        targets.Add(new("MessageSeal.Open", b => MessageSeal.Open(messageKey, b, "ad"u8).IsOk, [sealedMessage], Small));

        var deviceKey = new byte[32];
        entropy.Fill(deviceKey);
        var sealedAtRest = AtRestSeal.Seal(deviceKey, "messages", "row-1"u8, "stored text"u8, entropy);
        targets.Add(new("AtRestSeal.Open", b => AtRestSeal.Open(deviceKey, "messages", "row-1"u8, b).IsOk, [sealedAtRest], Small));

        // --- Handshake ---
        var aliceSeed = new byte[32];
        var bobSeed = new byte[32];
        entropy.Fill(aliceSeed);
        entropy.Fill(bobSeed);
        var bobPrekeys = ResponderPrekeys.Generate(bobSeed, 4, entropy);
        var bundleBytes = bobPrekeys.CreateBundle().Serialize();
        var bundle = PrekeyBundle.Parse(bundleBytes).Value;
        var initial = HybridHandshake.Initiate(aliceSeed, bundle, "first"u8, entropy).Value.Message.Serialize();
        var prekeyState = bobPrekeys.Serialize();
        targets.Add(new("PrekeyBundle.Parse", b => PrekeyBundle.Parse(b).IsOk, [bundleBytes], Small));
        targets.Add(new("PrekeyBundle.Parse+Verify", b => PrekeyBundle.Parse(b) is { IsOk: true } p && p.Value.Verify() == ProtocolError.None, [bundleBytes], Crypto));
        targets.Add(new("InitialMessage.Parse", b => InitialMessage.Parse(b).IsOk, [initial], Small));
        targets.Add(new("HybridHandshake.Respond", b => HybridHandshake.Respond(bobPrekeys, b).IsOk, [initial], Crypto));
        targets.Add(new("ResponderPrekeys.Deserialize", b => DisposeIfOk(ResponderPrekeys.Deserialize(b)), [prekeyState], Crypto));

        // --- Identity ---
        using var oldIdentity = IdentityKeyPair.FromSeed(aliceSeed);
        using var newIdentity = IdentityKeyPair.FromSeed(bobSeed);
        var migration = IdentityMigration.Create(oldIdentity, newIdentity, 1).Serialize();
        var pin = ContactPin.Unknown.Observe(oldIdentity.PublicKey).Pin.Serialize();
        targets.Add(new("IdentityKey.Parse", b => IdentityKey.Parse(b).IsOk, [oldIdentity.PublicKey.ToArray()], Small));
        targets.Add(new("IdentityMigration.Parse+Verify", b => IdentityMigration.Parse(b) is { IsOk: true } m && m.Value.Verify() == ProtocolError.None, [migration], Small));
        targets.Add(new("ContactPin.Parse", b => ContactPin.Parse(b).IsOk, [pin], Small));

        // --- Invites and directory records ---
        var relay = RelayEndpoint.Parse("127.0.0.1:8443").Value;
        var introToken = new byte[Invite.IntroTokenSize];
        entropy.Fill(introToken);
        var invite = Invite.Create(relay, introToken, bundleBytes, "alice").Encode();
        targets.Add(new("Invite.Parse", b => Invite.Parse(Encoding.Latin1.GetString(b)).IsOk, [Encoding.ASCII.GetBytes(invite)], Small));
        targets.Add(new("RelayEndpoint.Parse", b => RelayEndpoint.Parse(b).IsOk, [Encoding.ASCII.GetBytes("http://localhost:8080")], Small));
        var record = DirectoryRecord.Create(oldIdentity, 7, 9, bundleBytes, relay, introToken, entropy);
        targets.Add(new("DirectoryRecord.Open", b => DirectoryRecord.Open(oldIdentity.PublicKey, 7, record.Locator, b).IsOk, [record.Blob], Crypto));

        // --- Relay envelopes and padding ---
        var token = RelayToken.Derive(messageKey, RelayDirection.InitiatorToResponder, 3);
        var otherToken = RelayToken.Derive(messageKey, RelayDirection.ResponderToInitiator, 3);
        var padded = BucketPadding.Pad("a message"u8);
        var blobId = new byte[RelayLimits.BlobIdSize];
        entropy.Fill(blobId);
        var deposit = new DepositRequest(token, 11, 12345, padded).Serialize();
        var fetch = new FetchRequest([token, otherToken]).Serialize();
        var fetched = new FetchResponse([new FetchedBlob(blobId, token, padded)]).Serialize();
        var confirm = new ConfirmRequest([blobId]).Serialize();
        var rejection = new RelayErrorResponse(RelayRejection.BadPow).Serialize();
        var health = new RelayHealth(1, 1024, 2, 3, 4).Serialize();
        targets.Add(new("BucketPadding.TryUnpad", b => BucketPadding.TryUnpad(b).IsOk, [padded], Small));
        targets.Add(new("DepositRequest.Parse", b => DepositRequest.Parse(b).IsOk, [deposit], Small));
        targets.Add(new("FetchRequest.Parse", b => FetchRequest.Parse(b).IsOk, [fetch], Small));
        targets.Add(new("FetchResponse.Parse", b => FetchResponse.Parse(b).IsOk, [fetched], Small));
        targets.Add(new("ConfirmRequest.Parse", b => ConfirmRequest.Parse(b).IsOk, [confirm], Small));
        targets.Add(new("RelayErrorResponse.Parse", b => RelayErrorResponse.Parse(b).IsOk, [rejection], Small));
        targets.Add(new("RelayHealth.Parse", b => RelayHealth.Parse(b).IsOk, [health], Small));

        // --- Ratchet and sessions ---
        var sessionPrekeys = ResponderPrekeys.Generate(bobSeed, 2, entropy);
        var sessionBundle = sessionPrekeys.CreateBundle();
        var (envelope, aliceSession) = FirstContact.Initiate(aliceSeed, sessionBundle, "first"u8, entropy).Value;
        var bobSession = FirstContact.Accept(sessionPrekeys, envelope, entropy).Value.Session;
        var toBob = aliceSession.Encrypt("to bob"u8, entropy);
        var sessionState = bobSession.Serialize();
        var ratchetState = RatchetSession.Deserialize(sessionState.AsSpan(1 + 1 + (3 * 32) + 4)).Value.Serialize();
        var (secondEnvelope, _) = FirstContact.Initiate(aliceSeed, sessionPrekeys.CreateBundle(), "second"u8, entropy).Value;
        targets.Add(new("EstablishedSession.Decrypt", b => bobSession.Decrypt(b).IsOk, [toBob], Crypto));
        targets.Add(new("EstablishedSession.Deserialize", b => DisposeIfOk(EstablishedSession.Deserialize(b)), [sessionState], Crypto));
        targets.Add(new("RatchetSession.Deserialize", b => DisposeIfOk(RatchetSession.Deserialize(b)), [ratchetState], Crypto));
        targets.Add(new("IntroEnvelope.Open", b => IntroEnvelope.Open(sessionPrekeys, b).IsOk, [envelope, secondEnvelope], Crypto));
        targets.Add(new("FirstContact.Accept", b => FirstContact.Accept(sessionPrekeys, b, entropy) is { IsOk: true } r && DisposeAccepted(r.Value.Session), [secondEnvelope], Crypto));

        // --- App payload (inside the ratchet) ---
        var hello = ChatPayload.CreateHello(Guid.NewGuid(), 1, relay, "alice", "hi bob").Serialize();
        var text = ChatPayload.CreateText(Guid.NewGuid(), 2, "a message").Serialize();
        var receipt = ChatPayload.CreateReceipt(ChatPayloadKind.DeliveryReceipt, Guid.NewGuid(), [Guid.NewGuid(), Guid.NewGuid()]).Serialize();
        var rotation = ChatPayload.CreateRotation(Guid.NewGuid(), IdentityMigration.Parse(migration).Value).Serialize();
        targets.Add(new("ChatPayload.Parse", b => ChatPayload.Parse(b).IsOk, [hello, text, receipt, rotation], Small));

        return targets;
    }

    /// <summary>True when the parse succeeded; the parsed secret-holding object is disposed at once.</summary>
    private static bool DisposeIfOk<T>(ProtocolResult<T> result)
        where T : IDisposable
    {
        if (result.TryGetValue(out var value))
        {
            value.Dispose();
            return true;
        }

        return false;
    }

    private static bool DisposeAccepted(EstablishedSession session)
    {
        session.Dispose();
        return true;
    }

}
