using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Pvtcoms.Tests.Shared;

namespace Pvtcoms.Actors.Tests.Tor.Network;

/// <summary><c>dotnet pvtcoms.dll relay --onion</c> as a process of its own, on the private network.</summary>
internal sealed partial class OnionRelayProcess : IDisposable
{
    public const int PowDifficulty = 4;

    [GeneratedRegex(@"onion service ([a-z2-7]{56}\.onion):80")]
    private static partial Regex OnionLine();

    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OnionRelayProcess(Process process)
    {
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static OnionRelayProcess Start(string dataDirectory, string? torrcExtra, bool healthListener = true)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Checkout.HostDll());
        start.ArgumentList.Add("relay");
        start.ArgumentList.Add("--onion");
        start.ArgumentList.Add("--conf");
        start.ArgumentList.Add(Path.Combine(dataDirectory, "absent.conf"));
        start.Environment.Remove("PVTCOMS_RELAY_KEY");
        start.Environment["PVTCOMS_RELAY_LISTEN"] = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{LoopbackPorts.Reserve()}");
        if (healthListener)
        {
            start.Environment["PVTCOMS_RELAY_HEALTH_LISTEN"] = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{LoopbackPorts.Reserve()}");
        }

        start.Environment["PVTCOMS_RELAY_DATA_DIR"] = dataDirectory;
        start.Environment["PVTCOMS_RELAY_POW"] = PowDifficulty.ToString(CultureInfo.InvariantCulture);
        if (torrcExtra is not null)
        {
            start.Environment["PVTCOMS_TOR_EXTRA_TORRC"] = torrcExtra;
        }

        var relay = new OnionRelayProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
        relay._process.OutputDataReceived += (_, e) => relay.Record(e.Data);
        relay._process.ErrorDataReceived += (_, e) => relay.Record(e.Data);
        relay._process.BeginOutputReadLine();
        relay._process.BeginErrorReadLine();
        return relay;
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (OnionLine().Match(line) is { Success: true } match)
        {
            _address.TrySetResult(match.Groups[1].Value);
        }
    }

    public async Task<string> WaitForOnionAddressAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_address.Task, exited, Task.Delay(timeout));
        Assert.True(first == _address.Task, "the relay printed no onion address:\n" + Output);
        return await _address.Task;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                term.WaitForExit();
            }

            if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }

        _process.Dispose();
    }
}
