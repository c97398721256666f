using System.Globalization;
using System.Text;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// The client keys of the <c>pvtcoms.conf</c> sidecar next to the executable: <c>relay=</c>, <c>key=</c>,
/// <c>pow=</c>, <c>relay2=</c>. One <c>name=value</c> per line, <c>#</c> starts a comment line, blank lines and
/// unknown keys (the relay's own settings share the file) are ignored. A malformed value, a repeated key or a
/// line without <c>=</c> is <see cref="ProfileError.InvalidSetting"/> naming the setting, never the value.
/// </summary>
public sealed record RelaySidecar(RelayEndpoint? Relay, RelayAccessSecret? Key, int? Pow, RelayEndpoint? Relay2)
{
    public const string FileName = "pvtcoms.conf";
    public const int MaxFileBytes = 64 * 1024;

    public static RelaySidecar Empty { get; } = new(null, null, null, null);

    /// <summary>Reads the sidecar in <paramref name="directory"/>; a missing file is <see cref="Empty"/>.</summary>
    public static ProfileResult<RelaySidecar> Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > MaxFileBytes)
            {
                return ProfileResult<RelaySidecar>.Fail(ProfileError.InvalidSetting, FileName);
            }

            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return ProfileResult<RelaySidecar>.Ok(Empty);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return ProfileResult<RelaySidecar>.Fail(ProfileError.InvalidSetting, FileName);
        }

        return Parse(text);
    }

    public static ProfileResult<RelaySidecar> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return ProfileResult<RelaySidecar>.Fail(ProfileError.InvalidSetting, $"{FileName}: line {lineNumber.ToString(CultureInfo.InvariantCulture)}");
            }

            var name = line[..equals].Trim();
            if (name is not ("relay" or "key" or "pow" or "relay2"))
            {
                continue;
            }

            if (!values.TryAdd(name, line[(equals + 1)..].Trim()))
            {
                return Invalid(name);
            }
        }

        RelayEndpoint? relay = null, relay2 = null;
        RelayAccessSecret? key = null;
        int? pow = null;
        if (values.TryGetValue("relay", out var relayText) && !RelayEndpoint.Parse(relayText).TryGetValue(out relay))
        {
            return Invalid("relay");
        }

        if (values.TryGetValue("relay2", out var relay2Text) && !RelayEndpoint.Parse(relay2Text).TryGetValue(out relay2))
        {
            return Invalid("relay2");
        }

        if (values.TryGetValue("key", out var keyText) && (key = RelayAccessSecret.TryParse(keyText)) is null)
        {
            return Invalid("key");
        }

        if (values.TryGetValue("pow", out var powText))
        {
            if (!int.TryParse(powText, NumberStyles.None, CultureInfo.InvariantCulture, out var difficulty) || difficulty > ProofOfWork.MaxDifficulty)
            {
                return Invalid("pow");
            }

            pow = difficulty;
        }

        if (key is not null && relay is null && relay2 is null)
        {
            // A key without a relay of this file would go to a relay it was not written for.
            return Invalid("key");
        }

        return ProfileResult<RelaySidecar>.Ok(new RelaySidecar(relay, key, pow, relay2));
    }

    private static ProfileResult<RelaySidecar> Invalid(string name) =>
        ProfileResult<RelaySidecar>.Fail(ProfileError.InvalidSetting, $"{FileName}: {name}");
}
