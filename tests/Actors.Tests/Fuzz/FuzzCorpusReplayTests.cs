using Pvtcoms.Fuzz.Targets;
using Pvtcoms.Tests.Shared;

namespace Pvtcoms.Actors.Tests.Fuzz;

/// <summary>
/// The committed fuzz corpus (fuzz/corpus/&lt;target&gt;/) replayed through every target's entry function on every
/// test run, so the corpus itself — seeds and committed findings — is checked without afl-fuzz: no input throws,
/// every valid seed is still accepted, and the corpus is what the generator writes today.
/// </summary>
public sealed class FuzzCorpusReplayTests
{
    private const long MaxCorpusBytes = 1024 * 1024;

    public static TheoryData<string> TargetNames => [.. FuzzTargets.Names];

    private static string CorpusRoot => Path.Combine(Checkout.Root(), "fuzz", "corpus");

    [Fact]
    public void Every_target_has_a_corpus_folder_and_every_corpus_folder_has_a_target()
    {
        var folders = Directory.EnumerateDirectories(CorpusRoot).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(FuzzTargets.Names.Order(StringComparer.Ordinal), folders);
        Assert.Equal(FuzzTargets.Names, FuzzTargets.All.Select(t => t.Name));
    }

    [Theory]
    [MemberData(nameof(TargetNames))]
    public void Every_committed_input_runs_through_its_target_without_throwing(string name)
    {
        var target = FuzzTargets.Create(name)!;
        var inputs = Directory.GetFiles(Path.Combine(CorpusRoot, name));
        Assert.NotEmpty(inputs);
        var thrown = new List<string>();
        foreach (var file in inputs)
        {
            var exception = Record.Exception(() => target.Run(File.ReadAllBytes(file)));
            if (exception is not null)
            {
                thrown.Add($"{Path.GetFileName(file)}: {exception.GetType().Name}: {exception.Message}");
            }
        }

        Assert.Empty(thrown);
    }

    [Theory]
    [MemberData(nameof(TargetNames))]
    public void Every_committed_valid_seed_is_still_accepted(string name)
    {
        var target = FuzzTargets.Create(name)!;
        var valid = Directory.GetFiles(Path.Combine(CorpusRoot, name), "valid-*");
        Assert.NotEmpty(valid);
        Assert.All(valid, file => Assert.True(target.Run(File.ReadAllBytes(file)), $"{name}/{Path.GetFileName(file)} is refused"));
    }

    /// <summary>
    /// The generator ran in another process, so equal bytes also show the fixtures are the same in every process
    /// (the seeds that decrypt in the fuzzer are the ones committed). After a wire format change: regenerate with
    /// <c>dotnet fuzz/Pvtcoms.Fuzz/bin/Release/net10.0/Pvtcoms.Fuzz.dll corpus fuzz/corpus</c>.
    /// </summary>
    [Theory]
    [MemberData(nameof(TargetNames))]
    public void The_committed_seeds_are_what_the_generator_writes(string name)
    {
        var target = FuzzTargets.Create(name)!;
        var folder = Path.Combine(CorpusRoot, name);
        var committed = Directory.GetFiles(folder)
            .Select(Path.GetFileName)
            .Where(f => f!.StartsWith("valid-", StringComparison.Ordinal) || f.StartsWith("edge-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        Assert.Equal(target.Seeds.Select(s => s.Name).Order(StringComparer.Ordinal), committed);
        Assert.All(target.Seeds, seed => Assert.Equal(seed.Bytes, File.ReadAllBytes(Path.Combine(folder, seed.Name))));
    }

    [Fact]
    public void The_committed_corpus_stays_under_one_mebibyte()
    {
        var total = Directory.EnumerateFiles(CorpusRoot, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.InRange(total, 1, MaxCorpusBytes);
    }

    [Fact]
    public void A_target_reports_a_broken_round_trip_as_a_finding()
    {
        var violation = Assert.Throws<FuzzPropertyViolation>(() => FuzzPropertyViolation.ThrowUnlessRoundTrips("X.Parse", [1, 2, 3], [1, 2]));
        Assert.DoesNotContain("01", violation.Message, StringComparison.Ordinal);
    }
}
