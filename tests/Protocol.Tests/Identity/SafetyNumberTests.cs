using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Identity;

public sealed class SafetyNumberTests
{
    // Inputs of the known answer: the public keys of RFC 8032 §7.1 TEST 1 and TEST 2.
    private const string KeyA = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private const string KeyB = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";

    // Computed once, independently of this code, with the Python reference in docs/CRYPTO_SPEC.md part 4
    // (hashlib.blake2b, version 1, 8192 iterations); the same value is printed in the spec.
    private const string KnownDigits = "26280 01774 15729 16943 24398 06883 88501 47512 48700 37187 28339 39550";
    private const string KnownEmojiNames =
        "rainbow, cake, car, fox, trumpet, glasses, croissant, trumpet, hammer, mushroom, books, cactus, watermelon, carrot, fir tree, dog";

    private static IdentityKey Key(string hex) => IdentityKey.Parse(Hex.Decode(hex)).Value;

    private static IdentityKey RandomKey(int seed)
    {
        using var pair = IdentityKeyPair.Generate(new DeterministicEntropy(seed));
        return pair.PublicKey;
    }

    [Fact]
    public void Known_answer_is_pinned_so_a_silent_algorithm_change_fails()
    {
        var number = SafetyNumber.Compute(Key(KeyA), Key(KeyB));
        Assert.Equal(KnownDigits, number.Digits);
        Assert.Equal(KnownEmojiNames, number.EmojiNames);
    }

    [Property(MaxTest = 25)]
    public void Both_sides_compute_the_same_number(int seedA, int seedB)
    {
        var a = RandomKey(seedA);
        var b = RandomKey(seedB);
        var ab = SafetyNumber.Compute(a, b);
        var ba = SafetyNumber.Compute(b, a);
        Assert.Equal(ab, ba);
        Assert.Equal(ab.Digits, ba.Digits);
        Assert.Equal(ab.Emoji, ba.Emoji);
    }

    [Fact]
    public void Number_changes_when_either_key_changes()
    {
        var a = RandomKey(10);
        var b = RandomKey(11);
        var c = RandomKey(12);
        var ab = SafetyNumber.Compute(a, b);
        Assert.NotEqual(ab.Digits, SafetyNumber.Compute(c, b).Digits);
        Assert.NotEqual(ab.Digits, SafetyNumber.Compute(a, c).Digits);
        Assert.NotEqual(ab.Emoji, SafetyNumber.Compute(c, b).Emoji);
        Assert.NotEqual(ab.Emoji, SafetyNumber.Compute(a, c).Emoji);
        Assert.NotEqual(ab, SafetyNumber.Compute(a, c));
    }

    [Fact]
    public void A_one_bit_change_in_a_key_changes_the_number()
    {
        var bytes = Hex.Decode(KeyB);
        var reference = SafetyNumber.Compute(Key(KeyA), Key(KeyB));
        foreach (var bit in new[] { 0, 7, 100, 255 })
        {
            var flipped = (byte[])bytes.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(reference.Digits, SafetyNumber.Compute(Key(KeyA), IdentityKey.Parse(flipped).Value).Digits);
        }
    }

    [Fact]
    public void Digits_are_twelve_groups_of_five()
    {
        var number = SafetyNumber.Compute(RandomKey(20), RandomKey(21));
        Assert.Matches(new Regex("^[0-9]{5}( [0-9]{5}){11}$"), number.Digits);
        Assert.Equal(SafetyNumber.GroupCount, number.DigitGroups.Count);
        Assert.Equal(SafetyNumber.DigitCount, number.Digits.Count(char.IsAsciiDigit));
        Assert.Equal(number.Digits, number.ToString());
    }

    [Fact]
    public void Emoji_are_sixteen_entries_of_the_table()
    {
        var number = SafetyNumber.Compute(RandomKey(22), RandomKey(23));
        Assert.Equal(SafetyNumber.EmojiCount, number.EmojiIndices.Count);
        var symbols = number.Emoji.Split(' ');
        Assert.Equal(SafetyNumber.EmojiCount, symbols.Length);
        for (var i = 0; i < symbols.Length; i++)
        {
            Assert.Equal(SafetyNumberEmoji.Symbols[number.EmojiIndices[i]], symbols[i]);
        }
    }

    [Fact]
    public void Emoji_table_has_64_distinct_single_code_point_emoji_with_distinct_names()
    {
        Assert.Equal(SafetyNumberEmoji.Count, SafetyNumberEmoji.Symbols.Count);
        Assert.Equal(64, SafetyNumberEmoji.Symbols.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(64, SafetyNumberEmoji.Names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var symbol in SafetyNumberEmoji.Symbols)
        {
            Assert.Equal(2, symbol.Length); // one supplementary-plane code point, no selector or joiner
            var codePoint = char.ConvertToUtf32(symbol, 0);
            Assert.InRange(codePoint, 0x1F300, 0x1F9FF);
        }
    }

    [Fact]
    public void Emoji_indices_reach_every_table_entry_over_many_numbers()
    {
        var seen = new HashSet<int>();
        var anchor = RandomKey(30);
        for (var i = 0; i < 40 && seen.Count < 64; i++)
        {
            foreach (var index in SafetyNumber.Compute(anchor, RandomKey(100 + i)).EmojiIndices)
            {
                seen.Add(index);
            }
        }

        Assert.Equal(64, seen.Count);
    }

    [Fact]
    public void Typed_digits_match_ignoring_spaces_and_dashes_but_not_one_digit_off()
    {
        var number = SafetyNumber.Compute(Key(KeyA), Key(KeyB));
        var plain = string.Concat(number.DigitGroups);
        Assert.True(number.MatchesDigits(number.Digits));
        Assert.True(number.MatchesDigits(string.Join('-', number.DigitGroups)));
        Assert.True(number.MatchesDigits(plain));
        var off = (plain[0] == '9' ? '0' : (char)(plain[0] + 1)) + plain[1..];
        Assert.False(number.MatchesDigits(off));
        Assert.False(number.MatchesDigits(plain[..^1]));
        Assert.False(number.MatchesDigits(plain + "1"));
        Assert.False(number.MatchesDigits(string.Empty));
    }

    [Fact]
    public void A_key_paired_with_itself_still_gives_a_number()
    {
        var a = RandomKey(40);
        Assert.Matches(new Regex("^[0-9]{5}( [0-9]{5}){11}$"), SafetyNumber.Compute(a, a).Digits);
    }
}
