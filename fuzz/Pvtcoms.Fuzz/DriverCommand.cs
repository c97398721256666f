using Pvtcoms.Fuzz.Targets;
using SharpFuzz;

namespace Pvtcoms.Fuzz;

/// <summary>
/// The driver's commands:
/// <c>list</c> prints the target names;
/// <c>corpus &lt;dir&gt;</c> writes every target's seeds to &lt;dir&gt;/&lt;target&gt;/;
/// <c>run &lt;target&gt;</c> is what afl-fuzz starts: SharpFuzz's out-of-process fork server hands each input on
/// standard input to the target, and anything the target throws is reported to afl-fuzz as a crash;
/// <c>replay &lt;target&gt; &lt;file&gt;...</c> runs saved inputs once each and prints what happened (exit 1 on a throw);
/// <c>replay-corpus &lt;dir&gt;</c> does that for every target's committed corpus and prints only what throws.
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
            case ["replay-corpus", var directory]:
                return ReplayCorpus(directory, output);
            case ["run" or "replay", ..]:
                return 2;
            default:
                error.WriteLine("usage: Pvtcoms.Fuzz list | corpus <dir> | run <target> | replay <target> <file>... | replay-corpus <dir>");
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
            var thrown = TryRun(target, File.ReadAllBytes(file), out var accepted);
            if (thrown is null)
            {
                output.WriteLine($"{target.Name} {Path.GetFileName(file)}: {(accepted ? "accepted" : "refused")}");
                continue;
            }

            output.WriteLine($"{target.Name} {Path.GetFileName(file)}: THROWS {thrown.GetType().FullName}: {thrown.Message}");
            output.WriteLine(thrown.StackTrace);
            status = 1;
        }

        return status;
    }

    /// <summary>
    /// Every target's committed inputs (&lt;dir&gt;/&lt;target&gt;/*), run once each. afl-fuzz only warns about, and
    /// skips, a corpus input that crashes, so run.sh checks the corpus this way first. Prints one line per input
    /// that throws (target, file, exception, input as hex); exit 1 if any did.
    /// </summary>
    private static int ReplayCorpus(string directory, TextWriter output)
    {
        var status = 0;
        foreach (var name in FuzzTargets.Names)
        {
            var folder = Path.Combine(directory, name);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            var target = FuzzTargets.Create(name)!;
            foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            {
                var input = File.ReadAllBytes(file);
                var thrown = TryRun(target, input, out _);
                if (thrown is not null)
                {
                    output.WriteLine($"{name} {Path.GetFileName(file)}: THROWS {thrown.GetType().FullName}: {thrown.Message} input {Convert.ToHexString(input)}");
                    status = 1;
                }
            }
        }

        return status;
    }

    private static Exception? TryRun(FuzzTarget target, byte[] input, out bool accepted)
    {
        accepted = false;
        try
        {
            accepted = target.Run(input);
            return null;
        }
#pragma warning disable CA1031 // Any exception is the finding being replayed; it is printed, not swallowed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex;
        }
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
