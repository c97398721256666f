using System.Diagnostics;

namespace Pvtcoms.Protocol.Tests.Wire;

/// <summary>
/// The bar for untrusted bytes: ≥ 1,000,000 random and mutated inputs across every parser end in a
/// value or a typed error — no other exception, no hang, and no allocation larger than the input allows.
/// </summary>
public sealed class AllParsersFuzzTests
{
    public const int TotalInputs = 1_000_000;

    /// <summary>A parser may allocate this many bytes per input byte (copies of fields, decoded text)…</summary>
    public const long AllocationPerInputByte = 8;

    /// <summary>A single input taking longer than this is reported as a hang (liveness, not performance).</summary>
    private static readonly TimeSpan s_hangLimit = TimeSpan.FromSeconds(5);

    [Fact]
    public void Every_parser_survives_a_million_hostile_inputs_with_a_value_or_a_typed_error()
    {
        var targets = ParserCatalog.All();
        Assert.NotEmpty(targets);
        var perTarget = (TotalInputs + targets.Count - 1) / targets.Count;
        var failures = new List<string>();
        var executed = 0L;
        var accepted = 0L;

        foreach (var target in targets)
        {
            var mutator = new InputMutator(target.Name.GetHashCode(StringComparison.Ordinal) ^ 0x5eed);
            foreach (var seed in target.Seeds)
            {
                Assert.True(target.Run(seed), $"{target.Name}: a valid seed input must parse");
            }

            for (var i = 0; i < perTarget && failures.Count < 20; i++)
            {
                var input = mutator.Next(target.Seeds);
                var before = GC.GetAllocatedBytesForCurrentThread();
                var clock = Stopwatch.StartNew();
                try
                {
                    if (target.Run(input))
                    {
                        accepted++;
                    }
                }
                catch (Exception ex)
                {
                    failures.Add($"{target.Name}: {ex.GetType().Name} on input {Convert.ToHexString(input.AsSpan(0, Math.Min(64, input.Length)))}");
                }

                clock.Stop();
                var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                var budget = (AllocationPerInputByte * input.Length) + target.FixedAllocationBudget;
                if (allocated > budget)
                {
                    failures.Add($"{target.Name}: allocated {allocated} bytes for a {input.Length}-byte input (budget {budget})");
                }

                if (clock.Elapsed > s_hangLimit)
                {
                    failures.Add($"{target.Name}: {clock.Elapsed.TotalSeconds:F1} s on one {input.Length}-byte input");
                }

                executed++;
            }
        }

        Assert.Empty(failures);
        Assert.True(executed >= TotalInputs, $"only {executed} inputs were run");
        // Mutation keeps some inputs valid (e.g. a flip inside a signed-but-unchecked field is impossible, but a
        // truncation of trailing noise is not); that almost all are refused shows the inputs really were hostile.
        Assert.True(accepted < executed / 2, $"{accepted} of {executed} mutated inputs were accepted");
    }
}
