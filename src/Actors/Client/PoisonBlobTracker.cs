namespace Pvtcoms.Actors.Client;

/// <summary>
/// Counts, per blob digest, the polls in which a fetched blob could not be opened (ADR 0081). A blob is poison —
/// to be burned — once it failed in at least <c>polls</c> polls and was first seen at least <c>age</c> ago.
/// Blobs no longer fetched are forgotten. Pure (the caller hands in the time).
/// </summary>
internal sealed class PoisonBlobTracker(int polls, TimeSpan age)
{
    private readonly Dictionary<string, (int Failures, DateTimeOffset FirstSeen)> _failures = new(StringComparer.Ordinal);

    public int Tracked => _failures.Count;

    /// <summary>Records one poll's undecryptable digests; returns those that are now poison (and forgets them).</summary>
    public IReadOnlyList<string> Record(IEnumerable<string> undecryptableDigests, DateTimeOffset now)
    {
        var seen = new HashSet<string>(undecryptableDigests, StringComparer.Ordinal);
        foreach (var gone in _failures.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _failures.Remove(gone);
        }

        var poison = new List<string>();
        foreach (var digest in seen)
        {
            var entry = _failures.TryGetValue(digest, out var existing) ? (existing.Failures + 1, existing.FirstSeen) : (1, now);
            _failures[digest] = entry;
            if (entry.Item1 >= polls && now - entry.Item2 >= age)
            {
                poison.Add(digest);
            }
        }

        foreach (var digest in poison)
        {
            _failures.Remove(digest);
        }

        return poison;
    }
}
