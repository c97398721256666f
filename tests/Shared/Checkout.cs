namespace Pvtcoms.Tests.Shared;

/// <summary>Where the tests run from: this checkout's root, and the <c>pvtcoms.dll</c> built beside the tests.</summary>
public static class Checkout
{
    /// <summary>The first directory above the test binaries that holds Pvtcoms.sln, or null outside a checkout.</summary>
    public static string? TryFindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pvtcoms.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    public static string Root() => TryFindRoot() ?? throw new InvalidOperationException("Pvtcoms.sln not found above the test binaries");

    /// <summary>The built <c>pvtcoms.dll</c> of this checkout, in the tests' own configuration (run as <c>dotnet pvtcoms.dll …</c>).</summary>
    public static string HostDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(Root(), "src", "Host", "bin", configuration, "net10.0", "pvtcoms.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build src/Host first", dll);
    }
}
