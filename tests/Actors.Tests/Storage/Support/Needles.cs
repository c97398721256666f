using System.Text;

namespace Pvtcoms.Actors.Tests.Storage.Support;

/// <summary>
/// Byte strings that must never appear in a store's raw files, each with a description (what it is, never its bytes),
/// and the scan that looks for them.
/// </summary>
internal sealed class Needles
{
    public const int Window = 24;
    public const int Stride = 12;

    private readonly List<(string What, byte[] Bytes)> _items = [];

    public int Count => _items.Count;

    public void Add(string what, ReadOnlySpan<byte> bytes) => _items.Add((what, bytes.ToArray()));

    /// <summary>A text as UTF-8 and as UTF-16 (whichever way a bug might write it).</summary>
    public void AddText(string what, string text)
    {
        Add(what + " (UTF-8)", Encoding.UTF8.GetBytes(text));
        Add(what + " (UTF-16)", Encoding.Unicode.GetBytes(text));
    }

    /// <summary>The whole value if short, and every distinctive window of it (a value split across pages is still found).</summary>
    public void AddWithWindows(string what, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length <= 64)
        {
            Add(what, bytes);
        }

        for (var offset = 0; offset + Window <= bytes.Length; offset += Stride)
        {
            var window = bytes.Slice(offset, Window);
            if (IsDistinctive(window))
            {
                Add($"{what} [window at {offset}]", window);
            }
        }
    }

    /// <summary>Every needle found in any of the files, as "what in which file".</summary>
    public List<string> FindIn(IReadOnlyList<(string File, byte[] Bytes)> files)
    {
        var found = new List<string>();
        foreach (var (file, bytes) in files)
        {
            foreach (var (what, needle) in _items)
            {
                if (bytes.AsSpan().IndexOf(needle) >= 0)
                {
                    found.Add($"{what} in {file}");
                }
            }
        }

        return found;
    }

    /// <summary>At least 12 distinct byte values in the window: key material, not a run of zeros or a length field.</summary>
    private static bool IsDistinctive(ReadOnlySpan<byte> window)
    {
        Span<bool> seen = stackalloc bool[256];
        var distinct = 0;
        foreach (var b in window)
        {
            if (!seen[b])
            {
                seen[b] = true;
                distinct++;
            }
        }

        return distinct >= 12;
    }
}
