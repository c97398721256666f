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

    public static FuzzTarget InitialMessage(FuzzFixture fixture) => new(
        "initial-message",
        "InitialMessage.Parse; accepted bytes must serialize back to themselves",
        input =>
        {
            if (!Protocol.Handshake.InitialMessage.Parse(input).TryGetValue(out var message))
            {
                return false;
            }

            FuzzPropertyViolation.ThrowUnlessRoundTrips("InitialMessage.Parse", input, message.Serialize());
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
