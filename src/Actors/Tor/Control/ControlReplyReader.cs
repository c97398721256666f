using System.Text;

namespace Pvtcoms.Actors.Tor.Control;

/// <summary>
/// Turns the byte stream from tor's control port into <see cref="ControlReply"/> values (control-spec §2.3):
/// <c>NNN-text</c> mid lines, <c>NNN+text</c> data lines followed by a dot-terminated, dot-escaped block,
/// and a closing <c>NNN text</c> line. Every line ends with CRLF; text is printable ASCII or tab; one
/// status code per reply; every bound in <see cref="ControlReplyLimits"/> is checked before anything
/// grows. Malformed input gives a <see cref="ControlReplyError"/>, never an exception, and the error is
/// sticky: a stream that went wrong once is not trusted again.
/// </summary>
public sealed class ControlReplyReader
{
    private readonly byte[] _line = new byte[ControlReplyLimits.MaxLineLength];
    private int _lineLength;
    private bool _sawCarriageReturn;

    private int _statusCode = -1;
    private List<ControlReplyLine> _lines = [];
    private List<string>? _data;
    private string? _dataHeader;
    private int _lineCount;
    private int _byteCount;

    /// <summary>The error that stopped this reader, or <see cref="ControlReplyError.None"/>.</summary>
    public ControlReplyError Error { get; private set; }

    /// <summary>True when no partial line or reply is buffered.</summary>
    public bool IsIdle => _lineLength == 0 && !_sawCarriageReturn && _statusCode == -1;

    /// <summary>Feeds received bytes; every reply they complete is appended to <paramref name="completed"/>.</summary>
    public ControlReplyError Feed(ReadOnlySpan<byte> bytes, List<ControlReply> completed)
    {
        ArgumentNullException.ThrowIfNull(completed);
        foreach (var b in bytes)
        {
            if (Error != ControlReplyError.None)
            {
                break;
            }

            Error = Accept(b, completed);
        }

        return Error;
    }

    private ControlReplyError Accept(byte b, List<ControlReply> completed)
    {
        if (++_byteCount > ControlReplyLimits.MaxReplyBytes)
        {
            return ControlReplyError.ReplyTooLarge;
        }

        if (_sawCarriageReturn)
        {
            if (b != (byte)'\n')
            {
                return ControlReplyError.InvalidCharacter;
            }

            _sawCarriageReturn = false;
            var error = AcceptLine(_line.AsSpan(0, _lineLength), completed);
            _lineLength = 0;
            return error;
        }

        switch (b)
        {
            case (byte)'\r':
                _sawCarriageReturn = true;
                return ControlReplyError.None;
            case (byte)'\n':
                return ControlReplyError.BareLineFeed;
            case (byte)'\t':
            case >= 0x20 and <= 0x7E:
                if (_lineLength == _line.Length)
                {
                    return ControlReplyError.LineTooLong;
                }

                _line[_lineLength++] = b;
                return ControlReplyError.None;
            default:
                return ControlReplyError.InvalidCharacter;
        }
    }

    private ControlReplyError AcceptLine(ReadOnlySpan<byte> line, List<ControlReply> completed)
    {
        if (++_lineCount > ControlReplyLimits.MaxLinesPerReply)
        {
            return ControlReplyError.TooManyLines;
        }

        if (_data is not null)
        {
            if (line.Length == 1 && line[0] == (byte)'.')
            {
                _lines.Add(new ControlReplyLine(_dataHeader!, _data));
                _data = null;
                _dataHeader = null;
            }
            else
            {
                _data.Add(Ascii(line.Length > 0 && line[0] == (byte)'.' ? line[1..] : line));
            }

            return ControlReplyError.None;
        }

        if (line.Length < 3 || !IsStatusCode(line[..3]))
        {
            return ControlReplyError.MalformedStatusCode;
        }

        if (line.Length < 4)
        {
            return ControlReplyError.InvalidSeparator;
        }

        var statusCode = ((line[0] - '0') * 100) + ((line[1] - '0') * 10) + (line[2] - '0');
        if (_statusCode != -1 && statusCode != _statusCode)
        {
            return ControlReplyError.MixedStatusCodes;
        }

        _statusCode = statusCode;
        var text = Ascii(line[4..]);
        switch (line[3])
        {
            case (byte)'-':
                _lines.Add(new ControlReplyLine(text));
                return ControlReplyError.None;
            case (byte)'+':
                _data = [];
                _dataHeader = text;
                return ControlReplyError.None;
            case (byte)' ':
                _lines.Add(new ControlReplyLine(text));
                completed.Add(new ControlReply(_statusCode, _lines));
                _statusCode = -1;
                _lines = [];
                _lineCount = 0;
                _byteCount = 0;
                return ControlReplyError.None;
            default:
                return ControlReplyError.InvalidSeparator;
        }
    }

    private static bool IsStatusCode(ReadOnlySpan<byte> digits) =>
        digits[0] is >= (byte)'1' and <= (byte)'6'
        && digits[1] is >= (byte)'0' and <= (byte)'9'
        && digits[2] is >= (byte)'0' and <= (byte)'9';

    private static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);
}
