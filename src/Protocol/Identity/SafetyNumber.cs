using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Protocol.Identity;

/// <summary>
/// The number two contacts compare out of band to verify each other's identity keys. Both sides get the
/// same value: the two keys are put in canonical (unsigned bytewise) order first. The fingerprint is an
/// iterated, domain-separated BLAKE2b-512 (ADR 0030, docs/CRYPTO_SPEC.md part 4):
/// <code>
/// h₀ = BLAKE2b-512(label ‖ version ‖ low ‖ high);  hᵢ = BLAKE2b-512(hᵢ₋₁ ‖ low ‖ high), i = 1 … Iterations−1
/// </code>
/// It is shown as 60 digits (12 groups of 5: each group is a big-endian 40-bit chunk of h mod 100000)
/// and as 16 emoji (the first 96 bits of h, 6 bits per emoji, most significant first).
/// </summary>
public sealed class SafetyNumber : IEquatable<SafetyNumber>
{
    public const byte Version = 1;

    /// <summary>Hash iterations: each guess costs a grinder this many BLAKE2b calls (2¹³).</summary>
    public const int Iterations = 8192;

    public const int FingerprintSize = 64;
    public const int GroupCount = 12;
    public const int DigitsPerGroup = 5;
    public const int DigitCount = GroupCount * DigitsPerGroup;
    public const int EmojiCount = 16;

    private const int BytesPerGroup = 5;
    private const int GroupModulus = 100_000;

    private readonly byte[] _fingerprint;
    private readonly string[] _groups;
    private readonly int[] _emojiIndices;

    private SafetyNumber(byte[] fingerprint)
    {
        _fingerprint = fingerprint;
        _groups = new string[GroupCount];
        Span<byte> chunk = stackalloc byte[8];
        for (var g = 0; g < GroupCount; g++)
        {
            fingerprint.AsSpan(g * BytesPerGroup, BytesPerGroup).CopyTo(chunk[3..]);
            var value = BinaryPrimitives.ReadUInt64BigEndian(chunk) % GroupModulus;
            _groups[g] = value.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        }

        _emojiIndices = new int[EmojiCount];
        for (var i = 0; i < EmojiCount; i++)
        {
            var bit = i * SafetyNumberEmoji.BitsPerEmoji;
            var pair = (fingerprint[bit / 8] << 8) | fingerprint[(bit / 8) + 1];
            _emojiIndices[i] = (pair >> (16 - SafetyNumberEmoji.BitsPerEmoji - (bit % 8))) & (SafetyNumberEmoji.Count - 1);
        }
    }

    /// <summary>The 12 groups of 5 decimal digits.</summary>
    public IReadOnlyList<string> DigitGroups => _groups;

    /// <summary>"12345 67890 …": the 12 groups joined by single spaces.</summary>
    public string Digits => string.Join(' ', _groups);

    /// <summary>Indices into <see cref="SafetyNumberEmoji.Symbols"/>, in display order.</summary>
    public IReadOnlyList<int> EmojiIndices => _emojiIndices;

    /// <summary>The 16 emoji joined by single spaces.</summary>
    public string Emoji => string.Join(' ', Array.ConvertAll(_emojiIndices, i => SafetyNumberEmoji.Symbols[i]));

    /// <summary>The 16 emoji names joined by ", " (for reading aloud and for screen readers).</summary>
    public string EmojiNames => string.Join(", ", Array.ConvertAll(_emojiIndices, i => SafetyNumberEmoji.Names[i]));

    public static SafetyNumber Compute(IdentityKey first, IdentityKey second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var (low, high) = first.CompareTo(second) <= 0 ? (first, second) : (second, first);

        var label = Labels.SafetyNumber;
        Span<byte> initial = stackalloc byte[label.Length + 1 + (2 * IdentityKey.Size)];
        label.CopyTo(initial);
        initial[label.Length] = Version;
        low.CopyTo(initial.Slice(label.Length + 1, IdentityKey.Size));
        high.CopyTo(initial.Slice(label.Length + 1 + IdentityKey.Size, IdentityKey.Size));

        Span<byte> round = stackalloc byte[FingerprintSize + (2 * IdentityKey.Size)];
        low.CopyTo(round.Slice(FingerprintSize, IdentityKey.Size));
        high.CopyTo(round.Slice(FingerprintSize + IdentityKey.Size, IdentityKey.Size));
        var hash = round[..FingerprintSize];

        Blake2b.Hash(initial, hash);
        for (var i = 1; i < Iterations; i++)
        {
            Blake2b.Hash(round, hash);
        }

        return new SafetyNumber(hash.ToArray());
    }

    /// <summary>
    /// True when <paramref name="typedDigits"/> (what the user read from the other screen) is this number;
    /// spaces, dashes and other non-digits are ignored; the comparison is fixed-time.
    /// </summary>
    public bool MatchesDigits(string typedDigits)
    {
        ArgumentNullException.ThrowIfNull(typedDigits);
        var digits = new StringBuilder(DigitCount);
        foreach (var c in typedDigits)
        {
            if (c is >= '0' and <= '9')
            {
                if (digits.Length == DigitCount)
                {
                    return false;
                }

                digits.Append(c);
            }
        }

        var expected = Encoding.ASCII.GetBytes(string.Concat(_groups));
        var actual = Encoding.ASCII.GetBytes(digits.ToString());
        return actual.Length == expected.Length && CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    public bool Equals(SafetyNumber? other) =>
        other is not null && CryptographicOperations.FixedTimeEquals(_fingerprint, other._fingerprint);

    public override bool Equals(object? obj) => obj is SafetyNumber other && Equals(other);

    public override int GetHashCode() => BinaryPrimitives.ReadInt32LittleEndian(_fingerprint);

    public override string ToString() => Digits;
}
