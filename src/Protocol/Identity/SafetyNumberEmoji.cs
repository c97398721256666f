namespace Pvtcoms.Protocol.Identity;

/// <summary>
/// The 64 emoji a safety number is also shown as (6 bits each). Every entry is one Unicode code point
/// with default emoji presentation (no variation selector, no joiner, no skin tone), from Unicode ≤ 9.0,
/// and every name is a distinct everyday word, so two people can read them aloud to each other.
/// The order is part of the format (docs/CRYPTO_SPEC.md part 4); changing it changes every displayed number.
/// </summary>
public static class SafetyNumberEmoji
{
    private static readonly (int CodePoint, string Name)[] s_table =
    [
        (0x1F436, "dog"), (0x1F431, "cat"), (0x1F42D, "mouse"), (0x1F430, "rabbit"),
        (0x1F98A, "fox"), (0x1F43B, "bear"), (0x1F43C, "panda"), (0x1F428, "koala"),
        (0x1F42F, "tiger"), (0x1F981, "lion"), (0x1F42E, "cow"), (0x1F437, "pig"),
        (0x1F438, "frog"), (0x1F435, "monkey"), (0x1F427, "penguin"), (0x1F989, "owl"),
        (0x1F984, "unicorn"), (0x1F41D, "bee"), (0x1F98B, "butterfly"), (0x1F40C, "snail"),
        (0x1F422, "turtle"), (0x1F419, "octopus"), (0x1F980, "crab"), (0x1F433, "whale"),
        (0x1F34E, "apple"), (0x1F34C, "banana"), (0x1F347, "grapes"), (0x1F349, "watermelon"),
        (0x1F34B, "lemon"), (0x1F352, "cherries"), (0x1F353, "strawberry"), (0x1F34D, "pineapple"),
        (0x1F955, "carrot"), (0x1F33D, "corn"), (0x1F344, "mushroom"), (0x1F950, "croissant"),
        (0x1F9C0, "cheese"), (0x1F355, "pizza"), (0x1F369, "doughnut"), (0x1F382, "cake"),
        (0x1F511, "key"), (0x1F514, "bell"), (0x1F388, "balloon"), (0x1F3B8, "guitar"),
        (0x1F3BA, "trumpet"), (0x1F4DA, "books"), (0x1F4A1, "light bulb"), (0x1F528, "hammer"),
        (0x1F6B2, "bicycle"), (0x1F680, "rocket"), (0x1F697, "car"), (0x1F3E0, "house"),
        (0x1F381, "gift"), (0x1F451, "crown"), (0x1F453, "glasses"), (0x1F302, "umbrella"),
        (0x1F335, "cactus"), (0x1F33B, "sunflower"), (0x1F332, "fir tree"), (0x1F341, "maple leaf"),
        (0x1F319, "moon"), (0x1F308, "rainbow"), (0x1F525, "fire"), (0x1F30A, "wave"),
    ];

    private static readonly string[] s_symbols = Array.ConvertAll(s_table, e => char.ConvertFromUtf32(e.CodePoint));
    private static readonly string[] s_names = Array.ConvertAll(s_table, e => e.Name);

    public const int Count = 64;

    /// <summary>Bits of the fingerprint each emoji carries.</summary>
    public const int BitsPerEmoji = 6;

    public static IReadOnlyList<string> Symbols => s_symbols;

    public static IReadOnlyList<string> Names => s_names;

    public static IReadOnlyList<int> CodePoints { get; } = Array.ConvertAll(s_table, e => e.CodePoint);
}
