using System.Text.Json;

namespace Pvtcoms.Protocol.Tests.Support;

/// <summary>
/// Locates the committed copy of the public test vectors (tests/vectors, byte-identical to
/// ../shared/vectors; see tests/vectors/README.md for provenance).
/// </summary>
internal static class TestVectors
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string Root => s_root.Value;

    public static string PathOf(string relative) => System.IO.Path.Combine(Root, relative);

    public static JsonDocument Load(string relative) => JsonDocument.Parse(File.ReadAllBytes(PathOf(relative)));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "tests", "vectors");
            if (File.Exists(System.IO.Path.Combine(candidate, "README.md")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/vectors not found above " + AppContext.BaseDirectory);
    }
}
