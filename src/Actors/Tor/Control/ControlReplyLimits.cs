namespace Pvtcoms.Actors.Tor.Control;

/// <summary>Bounds on what we accept from tor's control port; tor's output is untrusted bytes.</summary>
public static class ControlReplyLimits
{
    /// <summary>Longest line, without its CRLF.</summary>
    public const int MaxLineLength = 16 * 1024;

    /// <summary>Most lines (reply lines and data lines together) in one reply.</summary>
    public const int MaxLinesPerReply = 4096;

    /// <summary>Most bytes in one reply, CRLFs included.</summary>
    public const int MaxReplyBytes = 1024 * 1024;
}
