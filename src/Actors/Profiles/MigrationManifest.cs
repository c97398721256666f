using System.Globalization;
using System.Text;

namespace Pvtcoms.Actors.Profiles;

/// <summary>One migrated file: its path relative to the profile directory ('/'-separated), size and SHA-256.</summary>
public sealed record MigrationEntry(string RelativePath, long Size, string Sha256Hex);

/// <summary>
/// The completion marker's contents: one line per migrated file, <c>sha256hex size relative/path</c>, after a
/// first line <c>pvtcoms-migration v1</c>. Written only after every copy was verified.
/// </summary>
public static class MigrationManifest
{
    private const string FirstLine = "pvtcoms-migration v1";
    private const int MaxMarkerBytes = 1024 * 1024;

    public static byte[] Serialize(IEnumerable<MigrationEntry> entries)
    {
        var text = new StringBuilder().Append(FirstLine).Append('\n');
        foreach (var entry in entries)
        {
            text.Append(entry.Sha256Hex).Append(' ').Append(entry.Size.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(entry.RelativePath).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The entries of a marker file, or null when it is malformed.</summary>
    public static IReadOnlyDictionary<string, MigrationEntry>? Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxMarkerBytes)
        {
            return null;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var lines = text.Split('\n');
        if (lines.Length < 2 || lines[0] != FirstLine || lines[^1].Length != 0)
        {
            return null;
        }

        var entries = new Dictionary<string, MigrationEntry>(StringComparer.Ordinal);
        foreach (var line in lines.AsSpan(1, lines.Length - 2))
        {
            var parts = line.Split(' ', 3);
            if (parts.Length != 3 || parts[0].Length != 64
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                || parts[2].Length == 0 || !entries.TryAdd(parts[2], new MigrationEntry(parts[2], size, parts[0])))
            {
                return null;
            }
        }

        return entries;
    }
}
