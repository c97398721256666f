using Pvtcoms.Actors.Profiles;

namespace Pvtcoms.Actors.Tests.Profiles.Support;

/// <summary>An in-memory Secret Service: items keyed by their attribute set.</summary>
internal sealed class FakeSecretService : ISecretServiceClient
{
    public Dictionary<string, byte[]> Items { get; } = new(StringComparer.Ordinal);

    public ProfileError StoreError { get; set; }

    public ProfileError LookupError { get; set; }

    public Func<byte[], byte[]>? CorruptOnLookup { get; set; }

    public List<string> Labels { get; } = [];

    public static string Key(IReadOnlyList<KeyValuePair<string, string>> attributes) =>
        string.Join(";", attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + "=" + a.Value));

    public ProfileError Store(string label, IReadOnlyList<KeyValuePair<string, string>> attributes, ReadOnlySpan<byte> secret)
    {
        if (StoreError != ProfileError.None)
        {
            return StoreError;
        }

        Labels.Add(label);
        Items[Key(attributes)] = secret.ToArray();
        return ProfileError.None;
    }

    public ProfileResult<byte[]> Lookup(IReadOnlyList<KeyValuePair<string, string>> attributes)
    {
        if (LookupError != ProfileError.None)
        {
            return LookupError;
        }

        if (!Items.TryGetValue(Key(attributes), out var secret))
        {
            return ProfileError.DeviceKeyMissing;
        }

        var copy = secret.ToArray();
        return ProfileResult<byte[]>.Ok(CorruptOnLookup is null ? copy : CorruptOnLookup(copy));
    }
}

/// <summary>A probe that answers as told and records what it was asked.</summary>
internal sealed class FakeSecretServiceProbe(string? secretTool, bool nameOwned) : ISecretServiceProbe
{
    public List<string> Calls { get; } = [];

    public string? FindSecretTool(IProfileEnvironment environment)
    {
        Calls.Add("find");
        return secretTool;
    }

    public bool IsSecretsNameOwned(string busAddress)
    {
        Calls.Add("owned:" + busAddress);
        return nameOwned;
    }
}
