using System.Diagnostics;
using System.Globalization;
using Pvtcoms.ClientScale;

// Client scale measurement (docs/PERFORMANCE.md, "Client scale"). Bounded: N contacts, M messages, K runs.
//   dotnet Pvtcoms.ClientScale.dll all   --dir D [--contacts 10000] [--messages 100000] [--runs 5] [--idle-seconds 30]
//   dotnet Pvtcoms.ClientScale.dll build --dir D [--contacts N] [--messages M]     (once; the file is reused)
//   dotnet Pvtcoms.ClientScale.dll run   --dir D [--touch] [--idle-seconds S]      (one cold start in this process)
var mode = args.Length > 0 ? args[0] : "all";
var directory = Option("--dir") ?? Path.Combine(Path.GetTempPath(), "pvtcoms-clientscale");
var contacts = int.Parse(Option("--contacts") ?? "10000", CultureInfo.InvariantCulture);
var messages = int.Parse(Option("--messages") ?? "100000", CultureInfo.InvariantCulture);
var runs = int.Parse(Option("--runs") ?? "5", CultureInfo.InvariantCulture);
var idle = TimeSpan.FromSeconds(int.Parse(Option("--idle-seconds") ?? "30", CultureInfo.InvariantCulture));

switch (mode)
{
    case "build":
        ProfileBuilder.Build(directory, contacts, messages, Console.Out);
        return 0;
    case "run":
        await ScaleRun.RunAsync(directory, args.Contains("--touch"), idle, Console.Out).ConfigureAwait(false);
        return 0;
    case "all":
        if (!File.Exists(Path.Combine(directory, ProfileBuilder.DatabaseFile)))
        {
            ProfileBuilder.Build(directory, contacts, messages, Console.Out);
        }

        for (var i = 1; i <= runs; i++)
        {
            Console.WriteLine($"--- run {i} of {runs} (new process){(i == runs ? ", with touch" : string.Empty)}");
            var code = RunChild(i == runs);
            if (code != 0)
            {
                return code;
            }
        }

        return 0;
    default:
        Console.Error.WriteLine("usage: all|build|run --dir D [--contacts N] [--messages M] [--runs K] [--touch] [--idle-seconds S]");
        return 2;
}

int RunChild(bool touch)
{
    var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
    start.ArgumentList.Add(typeof(ScaleRun).Assembly.Location);
    start.ArgumentList.Add("run");
    start.ArgumentList.Add("--dir");
    start.ArgumentList.Add(directory);
    start.ArgumentList.Add("--idle-seconds");
    start.ArgumentList.Add(((int)idle.TotalSeconds).ToString(CultureInfo.InvariantCulture));
    if (touch)
    {
        start.ArgumentList.Add("--touch");
    }

    var wall = Stopwatch.StartNew();
    using var child = Process.Start(start)!;
    if (!child.WaitForExit(TimeSpan.FromMinutes(10)))
    {
        child.Kill();
        Console.WriteLine("run: timed out after 10 minutes");
        return 1;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"process wall time (spawn to exit): {wall.Elapsed.TotalMilliseconds:F0} ms"));
    return child.ExitCode;
}

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
