using Pvtcoms.Protocol.Sessions;

namespace Pvtcoms.Fuzz.Targets;

/// <summary>Targets for an established session: ratchet messages from the peer, and the stored session state.</summary>
internal static class SessionTargets
{
    /// <summary>Each input meets a fresh copy of Bob's session, so a run never depends on the runs before it.</summary>
    public static FuzzTarget RatchetMessage(FuzzFixture fixture) => new(
        "ratchet-message",
        "EstablishedSession.Decrypt (header decryption, ratchet step, message seal, bucket padding)",
        input =>
        {
            using var session = EstablishedSession.Deserialize(fixture.BobSessionState).Value;
            return session.Decrypt(input).IsOk;
        },
        SeedSet.Of([.. fixture.RatchetMessages.Select((m, i) => ($"message-{i}", m))]));

    public static FuzzTarget SessionState(FuzzFixture fixture) => new(
        "session-state",
        "EstablishedSession.Deserialize (stored state, read back after a crash); accepted state must serialize back to itself",
        input =>
        {
            if (!EstablishedSession.Deserialize(input).TryGetValue(out var session))
            {
                return false;
            }

            using (session)
            {
                FuzzPropertyViolation.ThrowUnlessRoundTrips("EstablishedSession.Deserialize", input, session.Serialize());
            }

            return true;
        },
        SeedSet.Of(("bob", fixture.BobSessionState)));
}
