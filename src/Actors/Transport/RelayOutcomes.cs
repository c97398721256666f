using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.Actors.Transport;

/// <summary>How a relay call ended. Network failures are values, never exceptions.</summary>
public enum RelayCallStatus
{
    /// <summary>The relay did what was asked.</summary>
    Ok = 0,

    /// <summary>Try again later: no connection, timeout, 503 busy/shutting down, 429 mailbox full, 507 relay full.</summary>
    Transient = 1,

    /// <summary>The relay refused for good (a 4xx other than 429): retrying the same request cannot help.</summary>
    Refused = 2,
}

/// <summary>Common shape of the three outcomes: a status and, for refusals the relay explained, its reason code.</summary>
public abstract record RelayCallOutcome(RelayCallStatus Status, RelayRejection? Rejection)
{
    public bool IsOk => Status == RelayCallStatus.Ok;
}

/// <summary>The result of a deposit. A 409 duplicate (the same blob is already there or was just burned) counts as Ok.</summary>
public sealed record DepositOutcome(RelayCallStatus Status, RelayRejection? Rejection = null) : RelayCallOutcome(Status, Rejection)
{
    public static DepositOutcome Ok { get; } = new(RelayCallStatus.Ok);

    public static DepositOutcome Transient(RelayRejection? rejection = null) => new(RelayCallStatus.Transient, rejection);

    public static DepositOutcome Refused(RelayRejection? rejection) => new(RelayCallStatus.Refused, rejection);
}

/// <summary>The result of a fetch: the blobs waiting under the tokens (each with the relay's id for confirming).</summary>
public sealed record FetchOutcome(RelayCallStatus Status, IReadOnlyList<FetchedBlob> Blobs, RelayRejection? Rejection = null)
    : RelayCallOutcome(Status, Rejection)
{
    public static FetchOutcome Transient(RelayRejection? rejection = null) => new(RelayCallStatus.Transient, [], rejection);

    public static FetchOutcome Refused(RelayRejection? rejection) => new(RelayCallStatus.Refused, [], rejection);

    public static FetchOutcome Fetched(IReadOnlyList<FetchedBlob> blobs) => new(RelayCallStatus.Ok, blobs);

    public override string ToString() => $"FetchOutcome({Status}, {Blobs.Count} blobs)";
}

/// <summary>The result of a confirm (burn). Unknown ids are ignored by the relay, so Ok says nothing about them.</summary>
public sealed record ConfirmOutcome(RelayCallStatus Status, RelayRejection? Rejection = null) : RelayCallOutcome(Status, Rejection)
{
    public static ConfirmOutcome Ok { get; } = new(RelayCallStatus.Ok);

    public static ConfirmOutcome Transient(RelayRejection? rejection = null) => new(RelayCallStatus.Transient, rejection);

    public static ConfirmOutcome Refused(RelayRejection? rejection) => new(RelayCallStatus.Refused, rejection);
}
