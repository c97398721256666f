namespace Pvtcoms.Protocol.Invites;

/// <summary>
/// RFC 4648 base32, lowercase alphabet <c>a–z 2–7</c>, no padding. Decoding is strict: only the alphabet
/// (the caller lowercases ASCII first), no impossible lengths (n mod 8 ∈ {1, 3, 6}), and the unused low
/// bits of the last character must be zero, so every byte string has exactly one encoding.
/// </summary>
internal static class Base32
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static int EncodedLength(int byteCount) => ((byteCount * 8) + 4) / 5;

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var chars = new char[EncodedLength(data.Length)];
        var buffer = 0;
        var bits = 0;
        var j = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[j++] = Alphabet[(buffer >> bits) & 31];
            }
        }

        if (bits > 0)
        {
            chars[j++] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        return new string(chars, 0, j);
    }

    /// <summary>False on any character outside the alphabet, an impossible length or non-zero trailing bits.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] data)
    {
        data = [];
        var remainder = text.Length % 8;
        if (remainder is 1 or 3 or 6)
        {
            return false;
        }

        var output = new byte[text.Length * 5 / 8];
        var buffer = 0;
        var bits = 0;
        var j = 0;
        foreach (var c in text)
        {
            int value;
            if (c is >= 'a' and <= 'z')
            {
                value = c - 'a';
            }
            else if (c is >= '2' and <= '7')
            {
                value = c - '2' + 26;
            }
            else
            {
                return false;
            }

            buffer = ((buffer << 5) | value) & 0xFFF;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output[j++] = (byte)(buffer >> bits);
            }
        }

        if ((buffer & ((1 << bits) - 1)) != 0)
        {
            return false;
        }

        data = output;
        return true;
    }
}
