using System.Diagnostics;

namespace Pvtcoms.Actors.Tests.Tor.Network;

/// <summary>One tor of the private network: a foreground child process whose pid we keep, stopped by that pid.</summary>
internal sealed class TestTorNode
{
    private readonly Process _process;

    private TestTorNode(string nickname, string dataDirectory, Process process)
    {
        Nickname = nickname;
        DataDirectory = dataDirectory;
        _process = process;
    }

    public string Nickname { get; }

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _console = new();

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        _console.Enqueue(line);
        while (_console.Count > 20)
        {
            _console.TryDequeue(out _);
        }
    }

    public string DataDirectory { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public static TestTorNode Start(string nickname, string dataDirectory, string torrc)
    {
        var torrcPath = Path.Combine(dataDirectory, "torrc");
        var defaults = Path.Combine(dataDirectory, "torrc-defaults");
        File.WriteAllText(torrcPath, torrc);
        File.WriteAllText(defaults, string.Empty);
        var start = new ProcessStartInfo("tor")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("--defaults-torrc");
        start.ArgumentList.Add(defaults);
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add(torrcPath);
        var process = Process.Start(start)!;
        var node = new TestTorNode(nickname, dataDirectory, process);
        process.OutputDataReceived += (_, e) => node.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => node.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>SIGTERM by our own pid, SIGKILL after 5 s (tor has been seen to hang on SIGTERM).</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>The last lines of this node's notice log, for a failure message.</summary>
    public string LogTail()
    {
        var log = Path.Combine(DataDirectory, "notice.log");
        var console = string.Join('\n', _console);
        return (File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(15)) : "(no log)") + "\nconsole:\n" + console;
    }
}
