using Pvtcoms.Protocol;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Messages;

namespace Pvtcoms.Fuzz.Targets;

/// <summary>Target for the app payload a peer sends inside the ratchet, including an identity rotation.</summary>
internal static class MessageTargets
{
    public static FuzzTarget ChatPayload(FuzzFixture fixture)
    {
        var migration = IdentityMigration.Parse(fixture.MigrationBytes).Value;
        var id = new Guid("0b7c3a52-5a8e-4d8e-9f0e-3c1f2a4b5c6d");
        var other = new Guid("1c8d4b63-6b9f-4e9f-8a1f-4d2a3b5c6d7e");
        return new(
            "chat-payload",
            "ChatPayload.Parse, then IdentityMigration.Parse + Verify of a rotation; accepted bytes must serialize back",
            input =>
            {
                if (!Protocol.Messages.ChatPayload.Parse(input).TryGetValue(out var payload))
                {
                    return false;
                }

                FuzzPropertyViolation.ThrowUnlessRoundTrips("ChatPayload.Parse", input, payload.Serialize());
                if (payload.Kind == ChatPayloadKind.IdentityRotation)
                {
                    if (!IdentityMigration.Parse(payload.Rotation).TryGetValue(out var rotation))
                    {
                        return false;
                    }

                    FuzzPropertyViolation.ThrowUnlessRoundTrips("IdentityMigration.Parse", payload.Rotation, rotation.Serialize());
                    return rotation.Verify() == ProtocolError.None;
                }

                return true;
            },
            SeedSet.Of(
                ("text", Protocol.Messages.ChatPayload.CreateText(id, 2, "a message").Serialize()),
                ("hello", Protocol.Messages.ChatPayload.CreateHello(id, 1, fixture.Relay, "alice", "hi bob").Serialize()),
                ("receipt", Protocol.Messages.ChatPayload.CreateReceipt(ChatPayloadKind.DeliveryReceipt, id, [other, id]).Serialize()),
                ("rotation", Protocol.Messages.ChatPayload.CreateRotation(id, migration).Serialize())));
    }
}
