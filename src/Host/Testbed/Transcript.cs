using System.Diagnostics;
using System.Globalization;

namespace Pvtcoms.Host.Testbed;

/// <summary>The testbed's readable transcript: every line stamped with the time since the start.</summary>
public sealed class Transcript(TextWriter output)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Step(string who, string what) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalMilliseconds,7:F0} ms] {who,-6} {what}"));

    public void Note(string text) =>
        // output-hygiene: the testbed's transcript on its own stdout; it shows the demo's message texts on purpose
        output.WriteLine(text);
}
