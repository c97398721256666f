using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.Fuzz.Targets;

/// <summary>
/// Targets for the relay's HTTP bodies (docs/RELAY.md): what the relay parses from clients and what clients parse
/// from the relay. Every accepted body must serialize back to the same bytes.
/// </summary>
internal static class RelayTargets
{
    public static FuzzTarget Deposit(FuzzFixture fixture)
    {
        var token = RelayToken.Derive(fixture.IntroToken, RelayDirection.InitiatorToResponder, 3);
        var small = new DepositRequest(token, 11, 12345, BucketPadding.Pad("a message"u8)).Serialize();
        return new(
            "relay-deposit",
            "DepositRequest.Parse (POST /v1/deposit body)",
            input => RoundTrip("DepositRequest.Parse", input, DepositRequest.Parse(input).TryGetValue(out var v) ? v.Serialize() : null),
            SeedSet.Of(("deposit", small), ("intro", new DepositRequest(token, 3, 0, fixture.IntroEnvelopeBytes).Serialize())));
    }

    public static FuzzTarget Fetch(FuzzFixture fixture)
    {
        var tokens = Tokens(fixture, 3);
        return new(
            "relay-fetch-request",
            "FetchRequest.Parse (POST /v1/fetch body)",
            input => RoundTrip("FetchRequest.Parse", input, FetchRequest.Parse(input).TryGetValue(out var v) ? v.Serialize() : null),
            SeedSet.Of(("one", new FetchRequest([tokens[0]]).Serialize()), ("three", new FetchRequest(tokens).Serialize())));
    }

    public static FuzzTarget FetchResponse(FuzzFixture fixture)
    {
        var tokens = Tokens(fixture, 2);
        var blobIds = BlobIds(2);
        var one = new Protocol.Relay.FetchResponse([new FetchedBlob(blobIds[0], tokens[0], BucketPadding.Pad("a message"u8))]);
        var two = new Protocol.Relay.FetchResponse(
            [new FetchedBlob(blobIds[0], tokens[0], BucketPadding.Pad("one"u8)), new FetchedBlob(blobIds[1], tokens[1], BucketPadding.Pad("two"u8))]);
        return new(
            "relay-fetch-response",
            "FetchResponse.Parse (POST /v1/fetch answer, parsed by clients)",
            input => RoundTrip("FetchResponse.Parse", input, Protocol.Relay.FetchResponse.Parse(input).TryGetValue(out var v) ? v.Serialize() : null),
            SeedSet.Of(("one", one.Serialize()), ("two", two.Serialize()), ("empty", Protocol.Relay.FetchResponse.Empty.Serialize())));
    }

    public static FuzzTarget Confirm(FuzzFixture fixture)
    {
        _ = fixture;
        return new(
            "relay-confirm",
            "ConfirmRequest.Parse (POST /v1/confirm body)",
            input => RoundTrip("ConfirmRequest.Parse", input, ConfirmRequest.Parse(input).TryGetValue(out var v) ? v.Serialize() : null),
            SeedSet.Of(("one", new ConfirmRequest(BlobIds(1)).Serialize()), ("three", new ConfirmRequest(BlobIds(3)).Serialize())));
    }

    public static FuzzTarget Error(FuzzFixture fixture)
    {
        _ = fixture;
        return new(
            "relay-error",
            "RelayErrorResponse.Parse (error answer of every endpoint, parsed by clients)",
            input => RoundTrip("RelayErrorResponse.Parse", input, RelayErrorResponse.Parse(input).TryGetValue(out var v) ? v.Serialize() : null),
            SeedSet.Of(("bad-pow", new RelayErrorResponse(RelayRejection.BadPow).Serialize())));
    }

    public static FuzzTarget Health(FuzzFixture fixture)
    {
        _ = fixture;
        return new(
            "relay-health",
            "RelayHealth.Parse (GET /health answer, parsed by clients)",
            input => RoundTrip("RelayHealth.Parse", input, RelayHealth.Parse(input).TryGetValue(out var v) ? v.Serialize() : null),
            SeedSet.Of(("health", new RelayHealth(1, 1024, 2, 3, 4).Serialize())));
    }

    private static bool RoundTrip(string parser, ReadOnlySpan<byte> input, byte[]? reserialized)
    {
        if (reserialized is null)
        {
            return false;
        }

        FuzzPropertyViolation.ThrowUnlessRoundTrips(parser, input, reserialized);
        return true;
    }

    private static byte[][] Tokens(FuzzFixture fixture, int count) =>
        [.. Enumerable.Range(0, count).Select(i => RelayToken.Derive(fixture.IntroToken, RelayDirection.ResponderToInitiator, (ulong)i))];

    private static byte[][] BlobIds(int count) =>
        [.. Enumerable.Range(0, count).Select(i => Enumerable.Repeat((byte)(0x40 + i), RelayLimits.BlobIdSize).ToArray())];
}
