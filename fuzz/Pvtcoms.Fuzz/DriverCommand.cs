using Pvtcoms.Fuzz.Targets;
using SharpFuzz;

namespace Pvtcoms.Fuzz;

/// <summary>
/// The driver's commands:
/// <c>list</c> prints the target names;
/// <c>corpus &lt;dir&gt;</c> writes every target's seeds to &lt;dir&gt;/&lt;target&gt;/;
/// <c>run &lt;target&gt;</c> is what afl-fuzz starts: SharpFuzz's out-of-process fork server hands each input on
/// standard input to the target, and anything the target throws is reported to afl-fuzz as a crash;
/// <c>replay &lt;target&gt; &lt;file&gt;...</c> runs saved inputs once each and prints what happened (exit 1 on a throw).
/// </summary>
internal static class DriverCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        switch (args)
        {
            case ["list"]:
                foreach (var name in FuzzTargets.Names)
                {
                    output.WriteLine(name);
                }

                return 0;
            case ["corpus", var directory]:
                CorpusWriter.Write(directory, output);
                return 0;
            case ["run", var name] when IsKnown(name, error):
                // Nothing instrumented may run before the fork server is up, so the target is built on the first input.
                FuzzTarget? target = null;
                Fuzzer.OutOfProcess.Run(stream => (target ??= FuzzTargets.Create(name)!).Run(ReadAll(stream)));
                return 0;
            case ["replay", var name, .. var files] when files.Length > 0 && IsKnown(name, error):
                return Replay(FuzzTargets.Create(name)!, files, output);
            case ["run" or "replay", ..]:
                return 2;
            default:
                error.WriteLine("usage: Pvtcoms.Fuzz list | corpus <dir> | run <target> | replay <target> <file>...");
                return 2;
        }
    }

    private static bool IsKnown(string name, TextWriter error)
    {
        if (FuzzTargets.Names.Contains(name, StringComparer.Ordinal))
        {
            return true;
        }

        error.WriteLine($"unknown target '{name}'; 'list' prints the targets");
        return false;
    }

    private static int Replay(FuzzTarget target, string[] files, TextWriter output)
    {
        var status = 0;
        foreach (var file in files)
        {
            var input = File.ReadAllBytes(file);
            try
            {
                var accepted = target.Run(input);
                output.WriteLine($"{target.Name} {Path.GetFileName(file)}: {(accepted ? "accepted" : "refused")}");
            }
#pragma warning disable CA1031 // Any exception is the finding being replayed; it is printed, not swallowed.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                output.WriteLine($"{target.Name} {Path.GetFileName(file)}: THROWS {ex.GetType().FullName}: {ex.Message}");
                output.WriteLine(ex.StackTrace);
                status = 1;
            }
        }

        return status;
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
