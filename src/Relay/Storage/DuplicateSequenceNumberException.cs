namespace Pvtcoms.Relay.Storage;

/// <summary>A journal write named a (mailbox, sequence number) pair that already has a row; the write is refused.</summary>
public sealed class DuplicateSequenceNumberException : Exception
{
    public DuplicateSequenceNumberException()
        : base("The mailbox already has a journal row with this sequence number.")
    {
    }

    public DuplicateSequenceNumberException(string message)
        : base(message)
    {
    }

    public DuplicateSequenceNumberException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
