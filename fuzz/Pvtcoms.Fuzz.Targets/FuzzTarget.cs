namespace Pvtcoms.Fuzz.Targets;

/// <summary>
/// One fuzz target: a name (also the folder of its corpus, fuzz/corpus/&lt;name&gt;), the parser it drives, its
/// entry function and the seeds the corpus generator writes.
/// </summary>
public sealed record FuzzTarget(string Name, string Parser, FuzzEntry Run, IReadOnlyList<FuzzSeed> Seeds)
{
    public override string ToString() => Name;
}
