using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Pvtcoms.Relay.Tests.Support;

/// <summary>
/// The relay as a separate process: <c>dotnet pvtcoms.dll relay</c> on 127.0.0.1 and a free port, with its own
/// data directory, configured through environment variables only. The test stops it (SIGKILL or SIGTERM).
/// </summary>
public sealed class RelayProcess : IDisposable
{
    private readonly Process _process;

    private RelayProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <param name="extraEnvironment">More settings (the cluster tests' PVTCOMS_RELAY_CLUSTER_* and PVTCOMS_RELAY_POSTGRES).</param>
    /// <param name="extraArguments">More arguments after <c>relay</c> (e.g. <c>--cluster</c>).</param>
    public static async Task<RelayProcess> StartAsync(
        string dataDirectory,
        int port,
        int powDifficulty,
        TimeSpan readyTimeout,
        IReadOnlyDictionary<string, string>? extraEnvironment = null,
        IReadOnlyList<string>? extraArguments = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Pvtcoms.Tests.Shared.Checkout.HostDll());
        start.ArgumentList.Add("relay");
        start.ArgumentList.Add("--conf");
        start.ArgumentList.Add(Path.Combine(dataDirectory, "absent.conf"));
        foreach (var argument in extraArguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("PVTCOMS_RELAY_KEY");
        start.Environment["PVTCOMS_RELAY_LISTEN"] = $"127.0.0.1:{port}";
        start.Environment["PVTCOMS_RELAY_DATA_DIR"] = dataDirectory;
        start.Environment["PVTCOMS_RELAY_POW"] = powDifficulty.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        if (Environment.GetEnvironmentVariable("PVTCOMS_TEST_DEBUG") == "1")
        {
            start.Environment["Logging__LogLevel__Default"] = "Debug";
        }

        Directory.CreateDirectory(dataDirectory);
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var log = Path.Combine(dataDirectory, "relay-process.log");
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var relay = new RelayProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + readyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"relay exited early with {process.ExitCode}: {File.ReadAllText(log)}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(relay.BaseAddress, "/health"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return relay;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        relay.Kill();
        throw new TimeoutException("relay did not become ready");
    }

    public static int FreePort() => Pvtcoms.Tests.Shared.LoopbackPorts.Reserve();

    /// <summary>SIGKILL: no chance to flush, checkpoint or answer anything.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
    }

    /// <summary>SIGTERM: the graceful path.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException("kill -TERM failed");
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
    private static void Append(string path, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (typeof(RelayProcess))
        {
            File.AppendAllText(path, line + Environment.NewLine);
        }
    }
}
