using System.Diagnostics;
using System.Net;
using System.Text;

namespace Pvtcoms.Actors.Tor.Process;

/// <summary>
/// The app's tor as a foreground child process: own DataDirectory, torrc written by us, control port on
/// an automatic loopback port read back from <c>ControlPortWriteToFile</c>. Its output is drained and
/// discarded (nothing reaches disk) unless the debug log was asked for. Stopping sends SIGTERM and, if
/// tor has not exited within the timeout, SIGKILL — tor has been seen to hang on SIGTERM.
/// </summary>
public sealed class TorProcess : IAsyncDisposable
{
    /// <summary>Largest control-port file we read.</summary>
    public const int MaxControlPortFileLength = 256;

    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(50);

    private readonly System.Diagnostics.Process _process;
    private readonly TorLaunchOptions _options;

    private TorProcess(System.Diagnostics.Process process, TorLaunchOptions options, IPEndPoint controlEndPoint)
    {
        _process = process;
        _options = options;
        ControlEndPoint = controlEndPoint;
        ProcessId = process.Id;
        Exited = process.WaitForExitAsync();
    }

    public int ProcessId { get; }

    public IPEndPoint ControlEndPoint { get; }

    public string CookieFile => _options.CookieFile;

    /// <summary>Completes when tor exits, for whatever reason.</summary>
    public Task Exited { get; }

    public bool HasExited => Exited.IsCompleted;

    public static async Task<TorResult<TorProcess>> StartAsync(TorLaunchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        PrepareDataDirectory(options);

        var start = new ProcessStartInfo(options.TorExecutable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        start.ArgumentList.Add("--defaults-torrc");
        start.ArgumentList.Add(options.DefaultsTorrcPath);
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add(options.TorrcPath);

        System.Diagnostics.Process process;
        try
        {
            process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("tor did not start.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return TorFailure.LaunchFailed;
        }

        // Null sink: read and drop tor's output so it neither blocks on a full pipe nor reaches disk.
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var controlEndPoint = await WaitForControlPortAsync(process, options, cancellationToken).ConfigureAwait(false);
        if (!controlEndPoint.IsOk)
        {
            await StopProcessAsync(process, options.StopTimeout).ConfigureAwait(false);
            process.Dispose();
            return controlEndPoint.Failure;
        }

        return TorResult<TorProcess>.Ok(new TorProcess(process, options, controlEndPoint.Value));
    }

    private static void PrepareDataDirectory(TorLaunchOptions options)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(options.DataDirectory);
        }
        else
        {
            Directory.CreateDirectory(options.DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(options.DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        File.Delete(options.ControlPortFile);
        File.WriteAllText(options.DefaultsTorrcPath, string.Empty);
        File.WriteAllText(options.TorrcPath, Torrc.For(options));
    }

    private static async Task<TorResult<IPEndPoint>> WaitForControlPortAsync(
        System.Diagnostics.Process process, TorLaunchOptions options, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < options.StartTimeout)
        {
            if (TryReadControlPortFile(options.ControlPortFile, out var endPoint))
            {
                return TorResult<IPEndPoint>.Ok(endPoint);
            }

            if (process.HasExited)
            {
                return TorFailure.ProcessExited;
            }

            try
            {
                await Task.Delay(s_pollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return TorFailure.Timeout;
            }
        }

        return File.Exists(options.ControlPortFile) ? TorFailure.MalformedReply : TorFailure.ControlPortFileMissing;
    }

    /// <summary>Reads "PORT=127.0.0.1:NNNN" (one line, loopback only, bounded length) from tor's control-port file.</summary>
    public static bool TryReadControlPortFile(string path, out IPEndPoint endPoint)
    {
        endPoint = new IPEndPoint(IPAddress.Loopback, 0);
        byte[] bytes;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (file.Length is 0 or > MaxControlPortFileLength)
            {
                return false;
            }

            bytes = new byte[file.Length];
            file.ReadExactly(bytes);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }

        return TryParseControlPortFile(bytes, out endPoint);
    }

    /// <summary>Parses the control-port file's content; only a complete line naming a loopback TCP port counts.</summary>
    public static bool TryParseControlPortFile(ReadOnlySpan<byte> content, out IPEndPoint endPoint)
    {
        endPoint = new IPEndPoint(IPAddress.Loopback, 0);
        if (content.Length > MaxControlPortFileLength || content.IsEmpty || content[^1] != (byte)'\n')
        {
            return false;
        }

        foreach (var b in content)
        {
            if (b != (byte)'\n' && b is < 0x20 or > 0x7E)
            {
                return false;
            }
        }

        // Exactly one line, "PORT=<end point>\n": no empty lines before or after it (blank lines after the port were
        // accepted before, found by fuzzing: F2 in docs/FUZZING.md).
        if (content[..^1].Contains((byte)'\n'))
        {
            return false;
        }

        var line = Encoding.ASCII.GetString(content[..^1]);
        if (!line.StartsWith("PORT=", StringComparison.Ordinal))
        {
            return false;
        }

        // Only the canonical text counts: IPEndPoint.TryParse also takes inet_aton shorthands such as "127.1" or
        // "2130706433", which tor never writes (found by fuzzing, docs/FUZZING.md).
        if (!IPEndPoint.TryParse(line["PORT=".Length..], out var parsed)
            || !IPAddress.IsLoopback(parsed.Address) || parsed.Port == 0
            || !string.Equals(line, "PORT=" + parsed.ToString(), StringComparison.Ordinal))
        {
            return false;
        }

        endPoint = parsed;
        return true;
    }

    /// <summary>SIGTERM, then SIGKILL after the stop timeout.</summary>
    public Task StopAsync() => StopProcessAsync(_process, _options.StopTimeout);

    private static async Task StopProcessAsync(System.Diagnostics.Process process, TimeSpan timeout)
    {
        if (process.HasExited)
        {
            return;
        }

        if (PosixSignal.TryTerminate(process.Id))
        {
            using var wait = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException)
            {
            }
        }

        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _process.Dispose();
    }
}
