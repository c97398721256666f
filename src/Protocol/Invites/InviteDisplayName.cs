using System.Globalization;
using System.Text;

namespace Pvtcoms.Protocol.Invites;

/// <summary>
/// The optional name an inviter suggests for themselves: strict UTF-8, at most <see cref="MaxLength"/>
/// bytes, no control characters (Unicode category Cc) and no bidirectional formatting characters
/// (U+200E/F, U+202A–E, U+2066–9), so it cannot reorder the text around it. It is a hint: the UI shows
/// it as chosen by the other side, never as verified.
/// </summary>
public static class InviteDisplayName
{
    public const int MaxLength = 64;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool IsValid(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length > MaxLength)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = s_strictUtf8.GetBytes(name);
        }
        catch (EncoderFallbackException)
        {
            return false;
        }

        return bytes.Length <= MaxLength && HasOnlyAllowedCharacters(name);
    }

    /// <summary>From wire bytes: <see cref="ProtocolError.InvalidDisplayName"/> on invalid UTF-8 or a refused character.</summary>
    public static ProtocolResult<string> Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength)
        {
            return ProtocolError.InvalidDisplayName;
        }

        string name;
        try
        {
            name = s_strictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            return ProtocolError.InvalidDisplayName;
        }

        return HasOnlyAllowedCharacters(name) ? ProtocolResult<string>.Ok(name) : ProtocolError.InvalidDisplayName;
    }

    private static bool HasOnlyAllowedCharacters(string name)
    {
        foreach (var c in name)
        {
            if (char.GetUnicodeCategory(c) == UnicodeCategory.Control
                || c is '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
            {
                return false;
            }
        }

        return true;
    }
}
