namespace Pvtcoms.Protocol.Relay;

/// <summary>Why a relay refused a request (u16 on the wire). Zero is not a valid code.</summary>
public enum RelayRejection : ushort
{
    /// <summary>The proof-of-work stamp does not meet the relay's difficulty.</summary>
    BadPow = 1,

    /// <summary>The stamp's epoch is neither the relay's current nor its previous epoch.</summary>
    StaleEpoch = 2,

    /// <summary>The blob is not exactly a bucket size.</summary>
    NotABucket = 3,

    /// <summary>The token's mailbox or the relay's store is full.</summary>
    QuotaExceeded = 4,

    /// <summary>The request did not parse.</summary>
    Malformed = 5,

    /// <summary>The request's version byte is not one this relay speaks.</summary>
    UnsupportedVersion = 6,

    /// <summary>The fetch named more tokens than the relay allows.</summary>
    TooManyTokens = 7,

    /// <summary>The relay needs an access bearer secret and none, or a wrong one, was given.</summary>
    Unauthorized = 8,

    /// <summary>The same stamp or blob was already deposited.</summary>
    Duplicate = 9,

    /// <summary>The relay is shedding load; try later.</summary>
    Busy = 10,
}
