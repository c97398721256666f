using System.Globalization;

namespace Pvtcoms.Relay.Configuration;

/// <summary>
/// One optional whole-number setting of the relay's configuration: absent leaves the options as they are; a whole
/// number 1..<c>max</c> is handed to <c>apply</c>; anything else is an error naming the setting, never its value,
/// and leaves the options as they are. Shared by <see cref="RelayConfigLoader"/> and <see cref="RelayClusterConfig"/>.
/// </summary>
internal static class PositiveSetting
{
    /// <summary>The longest interval a <c>*_seconds</c> cluster setting takes: one day.</summary>
    public const long MaxSeconds = 86_400;

    public static T Read<T>(
        IReadOnlyDictionary<string, string> values,
        string name,
        List<string> errors,
        T options,
        Func<T, long, T> apply,
        long max = long.MaxValue,
        string expected = "a positive whole number")
    {
        if (!values.TryGetValue(name, out var text))
        {
            return options;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= max)
        {
            return apply(options, value);
        }

        errors.Add($"{name}: expected {expected}");
        return options;
    }

    /// <summary>A whole number of seconds, 1..<see cref="MaxSeconds"/>, as a <see cref="TimeSpan"/>.</summary>
    public static T ReadSeconds<T>(
        IReadOnlyDictionary<string, string> values,
        string name,
        List<string> errors,
        T options,
        Func<T, TimeSpan, T> apply) =>
        Read(values, name, errors, options, (o, v) => apply(o, TimeSpan.FromSeconds(v)), MaxSeconds, "a positive whole number of seconds");
}
