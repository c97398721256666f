namespace Pvtcoms.Host.Testbed;

/// <summary>
/// The testbed's throwaway directory. On Linux it is made in <c>/dev/shm</c> (memory, never on disk) when that
/// exists: the relay's and the profiles' databases keep their product settings (WAL, <c>synchronous = FULL</c>,
/// secure delete) but a sync there costs nothing, and nothing of the run reaches a disk. Elsewhere: the temp
/// directory. Only the owner may enter it.
/// </summary>
public static class TestbedDirectory
{
    private const string MemoryRoot = "/dev/shm";
    private const string Prefix = "pvtcoms-testbed-";

    public static string Create()
    {
        if (OperatingSystem.IsLinux() && Directory.Exists(MemoryRoot))
        {
            try
            {
                var path = Path.Combine(MemoryRoot, Prefix + Path.GetRandomFileName().Replace(".", string.Empty, StringComparison.Ordinal));
                return Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute).FullName;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not writable here: the temp directory below.
            }
        }

        return Directory.CreateTempSubdirectory(Prefix).FullName;
    }
}
