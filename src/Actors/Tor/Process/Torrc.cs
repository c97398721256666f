using System.Globalization;
using System.Text;

namespace Pvtcoms.Actors.Tor.Process;

/// <summary>The torrc we write for the app's tor (docs/TOR.md lists every line and why).</summary>
public static class Torrc
{
    public static string For(TorLaunchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var torrc = new StringBuilder();
        void Line(string text) => torrc.Append(text).Append('\n');

        Line("DataDirectory " + Quote(options.DataDirectory));
        Line("ControlPort 127.0.0.1:auto");
        Line("ControlPortWriteToFile " + Quote(options.ControlPortFile));
        Line("ControlPortFileGroupReadable 0");
        Line("CookieAuthentication 1");
        Line("CookieAuthFile " + Quote(options.CookieFile));
        Line("CookieAuthFileGroupReadable 0");
        Line("SocksPort 127.0.0.1:auto ExtendedErrors");
        Line("__OwningControllerProcess " + options.OwningProcessId.ToString(CultureInfo.InvariantCulture));
        Line("AvoidDiskWrites 1");
        Line("SafeLogging 1");
        // tor's Log option takes the file name unquoted (a quote would become part of the name).
        Line(options.DebugLog ? "Log notice file " + Unquoted(options.DebugLogFile) : "Log notice stdout");
        foreach (var extra in options.ExtraTorrcLines ?? [])
        {
            if (extra.Contains('\n', StringComparison.Ordinal) || extra.Contains('\r', StringComparison.Ordinal))
            {
                throw new ArgumentException("An extra torrc line is one line.", nameof(options));
            }

            Line(extra);
        }

        return torrc.ToString();
    }

    private static string Unquoted(string path)
    {
        Quote(path);
        if (path.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("The debug log path may not contain whitespace.", nameof(path));
        }

        return path;
    }

    /// <summary>A torrc quoted string; paths with a quote, backslash or control character are a caller bug.</summary>
    public static string Quote(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var c in path)
        {
            if (c is '"' or '\\' || char.IsControl(c))
            {
                throw new ArgumentException("A path given to tor may not contain quotes, backslashes or control characters.", nameof(path));
            }
        }

        return "\"" + path + "\"";
    }
}
