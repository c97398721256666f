namespace Pvtcoms.Protocol.Messages;

/// <summary>The second byte of an app payload: what the rest of it carries.</summary>
public enum ChatPayloadKind : byte
{
    /// <summary>First contact: the sender's relay, a display-name hint and its first text.</summary>
    Hello = 1,

    /// <summary>A text message.</summary>
    Text = 2,

    /// <summary>The sender's device stored these messages.</summary>
    DeliveryReceipt = 3,

    /// <summary>The sender's user opened these messages.</summary>
    ReadReceipt = 4,

    /// <summary>The sender moved to a new identity key (an <c>IdentityMigration</c> statement).</summary>
    IdentityRotation = 5,
}
