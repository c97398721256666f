namespace Pvtcoms.Fuzz.Targets;

/// <summary>
/// Builds a target's seeds: its valid inputs plus the same few edge cases for every target (empty input, one
/// zero byte, the first valid input cut in half and extended by one byte).
/// </summary>
internal static class SeedSet
{
    public static IReadOnlyList<FuzzSeed> Of(params (string Name, byte[] Bytes)[] valid)
    {
        ArgumentOutOfRangeException.ThrowIfZero(valid.Length);
        var seeds = valid.Select(v => new FuzzSeed("valid-" + v.Name, v.Bytes, Valid: true)).ToList();
        var first = valid[0].Bytes;
        seeds.Add(new FuzzSeed("edge-empty", [], Valid: false));
        seeds.Add(new FuzzSeed("edge-zero-byte", [0], Valid: false));
        seeds.Add(new FuzzSeed("edge-truncated", first[..(first.Length / 2)], Valid: false));
        seeds.Add(new FuzzSeed("edge-extended", [.. first, 0], Valid: false));
        return seeds;
    }

    public static IReadOnlyList<FuzzSeed> With(IReadOnlyList<FuzzSeed> seeds, params (string Name, byte[] Bytes)[] edges) =>
        [.. seeds, .. edges.Select(e => new FuzzSeed("edge-" + e.Name, e.Bytes, Valid: false))];
}
