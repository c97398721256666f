using System.Globalization;
using Pvtcoms.Actors.Tor.Control;

namespace Pvtcoms.Actors.Tor;

/// <summary>tor's bootstrap phase (control-spec §5.5): percent 0–100, a tag and a human summary.</summary>
public sealed record BootstrapProgress(int Percent, string Tag, string Summary)
{
    public static readonly BootstrapProgress NotStarted = new(0, "starting", "Starting");

    public bool IsDone => Percent == 100;

    /// <summary>
    /// Parses "[STATUS_CLIENT] NOTICE|WARN BOOTSTRAP PROGRESS=n TAG=t SUMMARY="…" [more fields]", the body of
    /// both the STATUS_CLIENT event and GETINFO status/bootstrap-phase. False for anything else.
    /// </summary>
    public static bool TryParse(string text, out BootstrapProgress progress)
    {
        progress = NotStarted;
        if (!ControlFields.TryParse(text, out var fields))
        {
            return false;
        }

        var words = fields.Words;
        var offset = words.Length > 0 && words[0] == "STATUS_CLIENT" ? 1 : 0;
        if (words.Length != offset + 2 || words[offset] is not ("NOTICE" or "WARN" or "ERR") || words[offset + 1] != "BOOTSTRAP")
        {
            return false;
        }

        if (fields["PROGRESS"] is not { Length: >= 1 and <= 3 } percentText
            || !int.TryParse(percentText, NumberStyles.None, CultureInfo.InvariantCulture, out var percent)
            || percent > 100
            || fields["TAG"] is not { Length: > 0 and <= 64 } tag)
        {
            return false;
        }

        var summary = fields["SUMMARY"] ?? string.Empty;
        progress = new BootstrapProgress(percent, tag, summary.Length > 200 ? summary[..200] : summary);
        return true;
    }
}
