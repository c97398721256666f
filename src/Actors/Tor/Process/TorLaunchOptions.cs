namespace Pvtcoms.Actors.Tor.Process;

/// <summary>How to launch the app's own tor.</summary>
/// <param name="DataDirectory">tor's DataDirectory, inside the profile; created with mode 0700.</param>
/// <param name="TorExecutable">The system tor ("tor" on PATH by default).</param>
/// <param name="ExtraTorrcLines">Appended verbatim after our lines (the private test network's DirAuthority lines etc.).</param>
/// <param name="DebugLog">Write tor's notice log to DataDirectory/tor-debug.log instead of discarding it.</param>
public sealed record TorLaunchOptions(
    string DataDirectory,
    string TorExecutable = "tor",
    IReadOnlyList<string>? ExtraTorrcLines = null,
    bool DebugLog = false)
{
    public const string DebugLogEnvironmentVariable = "PVTCOMS_TOR_DEBUG_LOG";

    /// <summary>From tor's start to its control port being written.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>From SIGTERM to SIGKILL.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The pid tor watches (<c>__OwningControllerProcess</c>): tor exits when it dies.</summary>
    public int OwningProcessId { get; init; } = Environment.ProcessId;

    /// <summary>Options with <see cref="DebugLog"/> taken from PVTCOMS_TOR_DEBUG_LOG=1.</summary>
    public static TorLaunchOptions FromEnvironment(string dataDirectory, IReadOnlyList<string>? extraTorrcLines = null) =>
        new(dataDirectory, ExtraTorrcLines: extraTorrcLines,
            DebugLog: Environment.GetEnvironmentVariable(DebugLogEnvironmentVariable) == "1");

    public string TorrcPath => Path.Combine(DataDirectory, "torrc");

    public string DefaultsTorrcPath => Path.Combine(DataDirectory, "torrc-defaults");

    public string ControlPortFile => Path.Combine(DataDirectory, "control-port");

    public string CookieFile => Path.Combine(DataDirectory, "control_auth_cookie");

    public string DebugLogFile => Path.Combine(DataDirectory, "tor-debug.log");
}
