using System.Runtime.InteropServices;

namespace Pvtcoms.Actors.Tor.Process;

/// <summary>SIGTERM for a child process (System.Diagnostics.Process only sends SIGKILL).</summary>
internal static partial class PosixSignal
{
    private const int SigTerm = 15;

    public static bool TryTerminate(int processId) =>
        !OperatingSystem.IsWindows() && Kill(processId, SigTerm) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
