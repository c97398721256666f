namespace Pvtcoms.Actors.Tor.Control;

/// <summary>
/// One line of a control-port reply: its text after the status code and separator, and for a
/// <c>250+</c> data line the dot-unescaped lines of its data block.
/// </summary>
public sealed record ControlReplyLine(string Text, IReadOnlyList<string>? Data = null);

/// <summary>A whole control-port reply (control-spec §2.3): one status code shared by all its lines.</summary>
public sealed record ControlReply(int StatusCode, IReadOnlyList<ControlReplyLine> Lines)
{
    public const int Ok = 250;
    public const int AsyncEvent = 650;

    public bool IsOk => StatusCode == Ok;

    public bool IsAsyncEvent => StatusCode == AsyncEvent;

    /// <summary>The text of the closing line (for an OK reply usually "OK").</summary>
    public string EndText => Lines[^1].Text;
}

/// <summary>What is wrong with bytes received on the control port.</summary>
public enum ControlReplyError
{
    None = 0,
    LineTooLong,
    TooManyLines,
    ReplyTooLarge,
    MalformedStatusCode,
    InvalidSeparator,
    BareLineFeed,
    InvalidCharacter,
    MixedStatusCodes,
}
