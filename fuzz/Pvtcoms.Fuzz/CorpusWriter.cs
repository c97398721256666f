using Pvtcoms.Fuzz.Targets;

namespace Pvtcoms.Fuzz;

/// <summary>
/// Writes every target's seeds to &lt;dir&gt;/&lt;target&gt;/&lt;seed name&gt;. Files the generator made before
/// (valid-*, edge-*) are replaced; anything else in the folder (a committed finding, finding-*) is kept.
/// </summary>
internal static class CorpusWriter
{
    public static void Write(string root, TextWriter output)
    {
        foreach (var target in FuzzTargets.All)
        {
            var directory = Path.Combine(root, target.Name);
            Directory.CreateDirectory(directory);
            foreach (var stale in Directory.EnumerateFiles(directory).Where(IsGenerated))
            {
                File.Delete(stale);
            }

            foreach (var seed in target.Seeds)
            {
                File.WriteAllBytes(Path.Combine(directory, seed.Name), seed.Bytes);
            }

            output.WriteLine($"{target.Name}: {target.Seeds.Count} seeds, {target.Seeds.Sum(s => s.Bytes.Length)} bytes");
        }
    }

    private static bool IsGenerated(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith("valid-", StringComparison.Ordinal) || name.StartsWith("edge-", StringComparison.Ordinal);
    }
}
