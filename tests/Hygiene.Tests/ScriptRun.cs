using System.Diagnostics;

namespace Pvtcoms.Hygiene.Tests;

/// <summary>Runs one of the checkout's scripts/ to completion and keeps its exit code and output.</summary>
internal sealed record ScriptRun(int ExitCode, string Output, string Errors)
{
    public static ScriptRun Start(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Pvtcoms.Tests.Shared.Checkout.Root(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new ScriptRun(process.ExitCode, output.GetAwaiter().GetResult(), errors.GetAwaiter().GetResult());
    }

    public static string Script(string name) => Path.Combine(Pvtcoms.Tests.Shared.Checkout.Root(), "scripts", name);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Errors}";
}
