namespace Pvtcoms.Protocol.Onion;

/// <summary>RFC 4648 base32, lowercase alphabet, no padding, for inputs whose bit length is a multiple of 5.</summary>
internal static class OnionBase32
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        if (data.Length * 8 % 5 != 0)
        {
            throw new ArgumentException("Only whole 5-bit groups are encoded here.", nameof(data));
        }

        var chars = new char[data.Length * 8 / 5];
        int buffer = 0, bits = 0, index = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[index++] = Alphabet[(buffer >> bits) & 31];
            }
        }

        return new string(chars);
    }

    /// <summary>Decodes exactly <c>destination.Length</c> bytes; false for any character outside the lowercase alphabet or a length mismatch.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        if (text.Length * 5 != destination.Length * 8)
        {
            return false;
        }

        int buffer = 0, bits = 0, index = 0;
        foreach (var c in text)
        {
            int value = c switch
            {
                >= 'a' and <= 'z' => c - 'a',
                >= '2' and <= '7' => c - '2' + 26,
                _ => -1,
            };
            if (value < 0)
            {
                return false;
            }

            buffer = ((buffer << 5) | value) & 0xFFF;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                destination[index++] = (byte)(buffer >> bits);
            }
        }

        return true;
    }
}
