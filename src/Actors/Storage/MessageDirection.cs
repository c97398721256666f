namespace Pvtcoms.Actors.Storage;

public enum MessageDirection
{
    Outgoing = 0,
    Incoming = 1,
}
