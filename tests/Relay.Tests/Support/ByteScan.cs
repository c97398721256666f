using System.Text;

namespace Pvtcoms.Relay.Tests.Support;

/// <summary>Looks for secrets in files: raw bytes, lowercase and uppercase hex, and base64 of each needle.</summary>
public static class ByteScan
{
    /// <summary>The forms in which a token could appear in a file.</summary>
    public static IEnumerable<byte[]> Forms(byte[] needle)
    {
        yield return needle;
        yield return Encoding.ASCII.GetBytes(Convert.ToHexStringLower(needle));
        yield return Encoding.ASCII.GetBytes(Convert.ToHexString(needle));
        yield return Encoding.ASCII.GetBytes(Convert.ToBase64String(needle));
        yield return Encoding.ASCII.GetBytes(Convert.ToBase64String(needle).TrimEnd('=').Replace('+', '-').Replace('/', '_'));
    }

    /// <summary>Windows of 32 bytes from a payload at several offsets: any surviving fragment is found.</summary>
    public static IEnumerable<byte[]> PayloadWindows(byte[] payload)
    {
        for (var offset = 0; offset + 32 <= payload.Length; offset += Math.Max(32, payload.Length / 8))
        {
            yield return payload.AsSpan(offset, 32).ToArray();
        }
    }

    public static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>Every file in <paramref name="directory"/> (recursively), read fully.</summary>
    public static List<(string Path, byte[] Bytes)> ReadAll(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(p => (p, File.ReadAllBytes(p)))
            .ToList();
}
