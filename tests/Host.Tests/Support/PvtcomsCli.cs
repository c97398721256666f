using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pvtcoms.Tests.Shared;

namespace Pvtcoms.Host.Tests.Support;

/// <summary>Runs the built <c>pvtcoms</c> of this checkout (<c>dotnet pvtcoms.dll …</c>) with a chosen environment.</summary>
public static class PvtcomsCli
{
    public static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Checkout.HostDll());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "PVTCOMS_RELAY", "PVTCOMS_RELAY_KEY", "PVTCOMS_PASSPHRASE", "PVTCOMS_DATA_DIR", "PVTCOMS_RELAY_POW", "DBUS_SESSION_BUS_ADDRESS" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>Runs one command to completion (60 s at most).</summary>
    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Process.Start(StartInfo(environment, args))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pvtcoms {string.Join(' ', args)} did not finish in 60 s");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}");
    }
}
