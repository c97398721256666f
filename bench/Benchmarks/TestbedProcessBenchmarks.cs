using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Pvtcoms.Benchmarks;

/// <summary>
/// Issue 4 point 6: the whole `pvtcoms testbed` as a user runs it — one invocation is one process
/// (`dotnet src/Host/bin/CONFIG/net10.0/pvtcoms.dll testbed`) from start to exit: runtime start, relay, alice and
/// bob, onboarding, store-and-forward both ways, receipts, safety numbers, teardown and deletion of its data
/// directory. Stricter than the "every step done in" figure the transcript prints (that one starts after the
/// runtime and the command line are up). Build src/Host first in the configuration measured
/// (`dotnet build src/Host -c Debug` is what `dotnet run --project src/Host -- testbed` runs).
/// A run that does not exit 0 throws, so a failing testbed is never timed.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 10)]
public class TestbedProcessBenchmarks
{
    private string _hostDll = null!;

    [Params("Debug", "Release")]
    public string Configuration { get; set; } = "Debug";

    [GlobalSetup]
    public void FindHost()
    {
        var root = FindCheckoutRoot();
        _hostDll = Path.Combine(root, "src", "Host", "bin", Configuration, "net10.0", "pvtcoms.dll");
        if (!File.Exists(_hostDll))
        {
            throw new FileNotFoundException($"build src/Host -c {Configuration} first", _hostDll);
        }
    }

    [Benchmark]
    public int Testbed()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(_hostDll);
        start.ArgumentList.Add("testbed");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0 || !output.Result.Contains("testbed: every step done", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"testbed failed (exit {process.ExitCode}):\n{output.Result}\n{errors.Result}");
        }

        return process.ExitCode;
    }

    private static string FindCheckoutRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pvtcoms.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Pvtcoms.sln not found above the benchmark binaries");
    }
}
