using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Protocol.Messages;

/// <summary>Every bound of the app payload (docs/spec/app-payload.md).</summary>
public static class ChatPayloadLimits
{
    /// <summary>Version byte that opens every app payload.</summary>
    public const byte Version = 1;

    public const int MessageIdSize = 16;

    /// <summary>version ‖ kind ‖ message id ‖ sequence.</summary>
    public const int HeaderSize = 1 + 1 + MessageIdSize + 8;

    /// <summary>Largest text in UTF-8 bytes (fits one 64 KiB bucket with every header; the UI refuses longer).</summary>
    public const int MaxTextBytes = 32 * 1024;

    /// <summary>Largest display-name hint in a Hello (the invite's bound).</summary>
    public const int MaxDisplayNameBytes = InviteDisplayName.MaxLength;

    /// <summary>Most message ids one receipt names.</summary>
    public const int MaxReceiptIds = 256;

    /// <summary>Largest serialized payload of any kind.</summary>
    public const int MaxPayloadSize = HeaderSize + 1 + RelayEndpoint.MaxLength + 1 + MaxDisplayNameBytes + 4 + MaxTextBytes;

    /// <summary>The identity-rotation body: exactly one migration statement.</summary>
    public const int RotationBodySize = IdentityMigration.Size;
}
