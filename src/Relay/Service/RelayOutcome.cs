using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.Relay.Service;

/// <summary>
/// A refusal as the HTTP front reports it: the status code, the protocol's rejection code (the body) and a
/// short reason word (a response header, for operators). Never carries request bytes.
/// </summary>
public sealed record RelayRefusal(int StatusCode, RelayRejection Rejection, string Reason)
{
    public static readonly RelayRefusal BodyTooLarge = new(413, RelayRejection.Malformed, "body-too-large");
    public static readonly RelayRefusal Malformed = new(400, RelayRejection.Malformed, "malformed");
    public static readonly RelayRefusal Truncated = new(400, RelayRejection.Malformed, "truncated");
    public static readonly RelayRefusal TrailingBytes = new(400, RelayRejection.Malformed, "trailing-bytes");
    public static readonly RelayRefusal WrongMessageType = new(400, RelayRejection.Malformed, "wrong-message-type");
    public static readonly RelayRefusal RepeatedEntry = new(400, RelayRejection.Malformed, "repeated-entry");
    public static readonly RelayRefusal UnsupportedVersion = new(400, RelayRejection.UnsupportedVersion, "unsupported-version");
    public static readonly RelayRefusal TooManyTokens = new(400, RelayRejection.TooManyTokens, "too-many-tokens");
    public static readonly RelayRefusal TooManyBlobIds = new(400, RelayRejection.Malformed, "too-many-blob-ids");
    public static readonly RelayRefusal NotABucket = new(422, RelayRejection.NotABucket, "not-a-bucket");
    public static readonly RelayRefusal BadPow = new(403, RelayRejection.BadPow, "bad-pow");
    public static readonly RelayRefusal StaleEpoch = new(403, RelayRejection.StaleEpoch, "stale-epoch");
    public static readonly RelayRefusal Duplicate = new(409, RelayRejection.Duplicate, "duplicate");
    public static readonly RelayRefusal MailboxFull = new(429, RelayRejection.QuotaExceeded, "mailbox-full");
    public static readonly RelayRefusal RelayFull = new(507, RelayRejection.QuotaExceeded, "relay-full");
    public static readonly RelayRefusal Unauthorized = new(401, RelayRejection.Unauthorized, "unauthorized");
    public static readonly RelayRefusal Busy = new(503, RelayRejection.Busy, "busy");

    /// <summary>The refusal for a parse error of a request envelope.</summary>
    public static RelayRefusal ForParseError(Protocol.ProtocolError error) => error switch
    {
        Protocol.ProtocolError.UnsupportedVersion => UnsupportedVersion,
        Protocol.ProtocolError.Truncated => Truncated,
        Protocol.ProtocolError.TrailingBytes => TrailingBytes,
        Protocol.ProtocolError.UnknownMessageType => WrongMessageType,
        Protocol.ProtocolError.NotABucketSize => NotABucket,
        Protocol.ProtocolError.TokenCountOutOfRange => TooManyTokens,
        Protocol.ProtocolError.BlobCountOutOfRange => TooManyBlobIds,
        Protocol.ProtocolError.DuplicateRelayEntry => RepeatedEntry,
        Protocol.ProtocolError.StaleEpoch => StaleEpoch,
        Protocol.ProtocolError.InsufficientProofOfWork => BadPow,
        Protocol.ProtocolError.DifficultyOutOfRange => BadPow,
        _ => Malformed,
    };

    public byte[] Body() => new RelayErrorResponse(Rejection).Serialize();
}

/// <summary>Either the accepted blob's id or a refusal.</summary>
public readonly record struct DepositOutcome(Mailbox.BlobId? Id, RelayRefusal? Refusal);
