namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// The few Secret Service operations the device key needs, on text secrets (the key travels base64-encoded).
/// <see cref="SecretToolClient"/> is the real transport; tests inject fakes.
/// </summary>
public interface ISecretServiceClient
{
    /// <summary>Stores <paramref name="secret"/> (ASCII) under <paramref name="attributes"/> in the default collection.</summary>
    ProfileError Store(string label, IReadOnlyList<KeyValuePair<string, string>> attributes, ReadOnlySpan<byte> secret);

    /// <summary>The secret stored under exactly these attributes; <see cref="ProfileError.DeviceKeyMissing"/> when there is none.</summary>
    ProfileResult<byte[]> Lookup(IReadOnlyList<KeyValuePair<string, string>> attributes);
}
