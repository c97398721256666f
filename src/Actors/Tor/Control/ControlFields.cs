using System.Collections.Immutable;
using System.Text;

namespace Pvtcoms.Actors.Tor.Control;

/// <summary>
/// The words of a reply line (control-spec §2.1/§3): bare words in order, and <c>KEY=VALUE</c> /
/// <c>KEY="quoted"</c> pairs by key. Quoted strings take the escapes <c>\\ \" \n \r \t</c> and three-digit
/// octal; anything else (an unknown escape, an unterminated quote, a repeated key) makes the line malformed.
/// </summary>
public sealed record ControlFields(ImmutableArray<string> Words, ImmutableDictionary<string, string> Values)
{
    public string? this[string key] => Values.TryGetValue(key, out var value) ? value : null;

    public static bool TryParse(string text, out ControlFields fields)
    {
        ArgumentNullException.ThrowIfNull(text);
        fields = new ControlFields([], ImmutableDictionary<string, string>.Empty);
        var words = ImmutableArray.CreateBuilder<string>();
        var values = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == ' ')
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && text[i] != ' ' && text[i] != '=' && text[i] != '"')
            {
                i++;
            }

            var word = text[start..i];
            if (i < text.Length && text[i] == '=')
            {
                if (word.Length == 0)
                {
                    return false;
                }

                i++;
                string value;
                if (i < text.Length && text[i] == '"')
                {
                    if (!TryReadQuoted(text, ref i, out value))
                    {
                        return false;
                    }

                    if (i < text.Length && text[i] != ' ')
                    {
                        return false;
                    }
                }
                else
                {
                    var valueStart = i;
                    while (i < text.Length && text[i] != ' ')
                    {
                        if (text[i] == '"')
                        {
                            return false;
                        }

                        i++;
                    }

                    value = text[valueStart..i];
                }

                if (!values.TryAdd(word, value))
                {
                    return false;
                }
            }
            else if (i < text.Length && text[i] == '"')
            {
                return false;
            }
            else
            {
                words.Add(word);
            }
        }

        fields = new ControlFields(words.ToImmutable(), values.ToImmutable());
        return true;
    }

    /// <summary>Parses a space-separated list of quoted strings, e.g. GETINFO net/listeners/socks's value.</summary>
    public static bool TryParseQuotedList(string text, out ImmutableArray<string> items)
    {
        ArgumentNullException.ThrowIfNull(text);
        items = [];
        var builder = ImmutableArray.CreateBuilder<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == ' ')
            {
                i++;
                continue;
            }

            if (text[i] != '"' || !TryReadQuoted(text, ref i, out var item) || (i < text.Length && text[i] != ' '))
            {
                return false;
            }

            builder.Add(item);
        }

        items = builder.ToImmutable();
        return true;
    }

    /// <summary>Reads a quoted string starting at the opening quote; leaves <paramref name="i"/> after the closing quote.</summary>
    private static bool TryReadQuoted(string text, ref int i, out string value)
    {
        value = string.Empty;
        var result = new StringBuilder();
        i++;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                i++;
                value = result.ToString();
                return true;
            }

            if (c != '\\')
            {
                result.Append(c);
                i++;
                continue;
            }

            if (i + 1 >= text.Length)
            {
                return false;
            }

            var escaped = text[i + 1];
            switch (escaped)
            {
                case '\\' or '"' or '\'':
                    result.Append(escaped);
                    i += 2;
                    break;
                case 'n':
                    result.Append('\n');
                    i += 2;
                    break;
                case 'r':
                    result.Append('\r');
                    i += 2;
                    break;
                case 't':
                    result.Append('\t');
                    i += 2;
                    break;
                case >= '0' and <= '7':
                    if (i + 3 >= text.Length || !IsOctal(text[i + 2]) || !IsOctal(text[i + 3]))
                    {
                        return false;
                    }

                    var code = ((escaped - '0') * 64) + ((text[i + 2] - '0') * 8) + (text[i + 3] - '0');
                    if (code > 0xFF)
                    {
                        return false;
                    }

                    result.Append((char)code);
                    i += 4;
                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
