using System.Reflection;
using System.Text;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Tests.Crypto;

public sealed class LabelRegistryTests
{
    private delegate ReadOnlySpan<byte> LabelGetter();

    private static IReadOnlyList<(string Name, string Value)> AllLabels() =>
        typeof(Labels).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(ReadOnlySpan<byte>))
            .Select(p => (p.Name, Encoding.ASCII.GetString(p.GetMethod!.CreateDelegate<LabelGetter>()())))
            .ToList();

    [Fact]
    public void Every_domain_separation_label_is_distinct_and_versioned()
    {
        var labels = AllLabels();
        Assert.True(labels.Count >= 20, $"only {labels.Count} labels found");
        Assert.All(labels, l => Assert.StartsWith("pvtcoms/v1/", l.Value, StringComparison.Ordinal));
        Assert.All(labels, l => Assert.True(l.Value.All(c => c is >= ' ' and <= '~'), l.Name));
        var duplicates = labels.GroupBy(l => l.Value).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Every_label_is_written_in_the_crypto_spec()
    {
        var spec = File.ReadAllText(Path.Combine(TestVectorsRoot(), "..", "..", "docs", "CRYPTO_SPEC.md"));
        var missing = AllLabels().Where(l => !spec.Contains(l.Value, StringComparison.Ordinal)).Select(l => l.Value).ToList();
        Assert.Empty(missing);
    }

    private static string TestVectorsRoot() => Support.TestVectors.Root;
}
