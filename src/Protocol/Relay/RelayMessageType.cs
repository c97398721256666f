namespace Pvtcoms.Protocol.Relay;

/// <summary>The second byte of every relay envelope.</summary>
public enum RelayMessageType : byte
{
    DepositRequest = 1,
    FetchRequest = 2,
    FetchResponse = 3,
    ConfirmRequest = 4,
    ErrorResponse = 5,
    Health = 6,
}
