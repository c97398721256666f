using Pvtcoms.Protocol;
using Pvtcoms.Protocol.Handshake;
using Pvtcoms.Protocol.Sessions;

namespace Pvtcoms.Fuzz.Targets;

/// <summary>Targets for what a first contact brings: the prekey bundle, the initial message, the intro envelope.</summary>
internal static class HandshakeTargets
{
    public static FuzzTarget PrekeyBundle(FuzzFixture fixture) => new(
        "prekey-bundle",
        "PrekeyBundle.Parse, then Verify; accepted bytes must serialize back to themselves",
        input =>
        {
            if (!Protocol.Handshake.PrekeyBundle.Parse(input).TryGetValue(out var bundle))
            {
                return false;
            }

            FuzzPropertyViolation.ThrowUnlessRoundTrips("PrekeyBundle.Parse", input, bundle.Serialize());
            return bundle.Verify() == ProtocolError.None;
        },
        SeedSet.Of(("bundle", fixture.BundleBytes)));

    /// <summary>
    /// A message that parses is also answered, by a fresh copy of the responder's stored prekeys (a successful
    /// answer consumes a one-time prekey, so every input must meet the same untouched state).
    /// </summary>
    public static FuzzTarget InitialMessage(FuzzFixture fixture) => new(
        "initial-message",
        "InitialMessage.Parse, then HybridHandshake.Respond; accepted bytes must serialize back to themselves",
        input =>
        {
            if (!Protocol.Handshake.InitialMessage.Parse(input).TryGetValue(out var message))
            {
                return false;
            }

            FuzzPropertyViolation.ThrowUnlessRoundTrips("InitialMessage.Parse", input, message.Serialize());
            using var prekeys = ResponderPrekeys.Deserialize(fixture.BobPrekeyState).Value;
            if (!HybridHandshake.Respond(prekeys, input).TryGetValue(out var answer))
            {
                return false;
            }

            answer.Keys.Dispose();
            return true;
        },
        SeedSet.Of(("initial", fixture.InitialMessageBytes)));

    /// <summary>Read-only on the prekeys (no one-time prekey is consumed), so every run starts from the same state.</summary>
    public static FuzzTarget IntroEnvelope(FuzzFixture fixture) => new(
        "intro-envelope",
        "IntroEnvelope.Open with the responder's prekeys, then InitialMessage.Parse of what it opens",
        input =>
        {
            if (!Protocol.Sessions.IntroEnvelope.Open(fixture.BobPrekeys, input).TryGetValue(out var initial))
            {
                return false;
            }

            return Protocol.Handshake.InitialMessage.Parse(initial).IsOk;
        },
        SeedSet.Of(("envelope", fixture.IntroEnvelopeBytes)));
}
