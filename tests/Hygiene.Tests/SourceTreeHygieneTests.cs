namespace Pvtcoms.Hygiene.Tests;

/// <summary>Issue 4 point 8: no log, console or exception site in src/ interpolates a key, token, plaintext or passphrase.</summary>
public sealed class SourceTreeHygieneTests
{
    [Fact]
    public void No_output_site_in_src_carries_a_secret_named_value()
    {
        var src = Path.Combine(Pvtcoms.Tests.Shared.Checkout.Root(), "src");
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        var findings = files.SelectMany(f => SecretOutputScanner.Scan(Path.GetRelativePath(src, f), File.ReadAllText(f))).ToList();

        Assert.True(files.Count > 100, $"expected the whole source tree, found {files.Count} files");
        Assert.True(findings.Count == 0, "secret-named values reach output:\n" + string.Join('\n', findings));
    }
}
