namespace Pvtcoms.Fuzz.Targets;

/// <summary>
/// Hands one hostile input to a parser. Returns true when the parser accepted it (a value) and false when it
/// refused it (a typed error). Anything thrown is a finding: either the parser threw, or a property the target
/// checks (<see cref="FuzzPropertyViolation"/>) did not hold.
/// </summary>
public delegate bool FuzzEntry(ReadOnlySpan<byte> input);
