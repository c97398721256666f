namespace Pvtcoms.Protocol.Relay;

/// <summary>Which way a conversation's messages travel; each direction has its own mailbox tokens.</summary>
public enum RelayDirection : byte
{
    /// <summary>From the handshake initiator to the responder (byte 0x00 in the token input).</summary>
    InitiatorToResponder = 0,

    /// <summary>From the responder to the handshake initiator (byte 0x01 in the token input).</summary>
    ResponderToInitiator = 1,
}
