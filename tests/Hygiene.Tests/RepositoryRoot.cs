namespace Pvtcoms.Hygiene.Tests;

internal static class RepositoryRoot
{
    /// <summary>The checkout's root: the first directory above the test binaries that holds Pvtcoms.sln.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pvtcoms.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Pvtcoms.sln not found above the test binaries");
    }
}
