namespace Pvtcoms.Protocol.Tests.Wire;

/// <summary>
/// One public entry point of Protocol that takes untrusted bytes. <see cref="Run"/> must return (a value or a
/// typed error — it reports which) and never throw; <see cref="Seeds"/> are valid inputs the mutator
/// starts from; <see cref="FixedAllocationBudget"/> is the most it may allocate beyond
/// <see cref="AllParsersFuzzTests.AllocationPerInputByte"/> bytes per input byte (crypto work such as an
/// ML-KEM decapsulation or a signature check needs a fixed amount whatever the input).
/// </summary>
internal sealed record ParserTarget(string Name, Func<byte[], bool> Run, IReadOnlyList<byte[]> Seeds, long FixedAllocationBudget)
{
    public override string ToString() => Name;
}
