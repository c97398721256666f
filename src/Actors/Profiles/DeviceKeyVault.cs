using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// Opens, creates and re-wraps a profile's device key. Never makes a fresh key where an old one may be
/// needed: a wrong passphrase is <see cref="ProfileError.WrongPassphrase"/>, and a missing key file beside an
/// existing <c>client.db</c> is <see cref="ProfileError.DeviceKeyMissing"/>. Call it while holding the
/// profile's <see cref="ProfileLock"/>.
/// </summary>
public sealed class DeviceKeyVault
{
    private readonly ProfilePaths _paths;
    private readonly DeviceKeyBackends _backends;
    private readonly IEntropy _entropy;

    public DeviceKeyVault(ProfilePaths paths, DeviceKeyBackends backends, IEntropy entropy)
    {
        _paths = paths ?? throw new ArgumentNullException(nameof(paths));
        _backends = backends ?? throw new ArgumentNullException(nameof(backends));
        _entropy = entropy ?? throw new ArgumentNullException(nameof(entropy));
    }

    /// <summary>The backend holding this profile's key, or null when there is no key file yet.</summary>
    public ProfileResult<DeviceKeyBackendKind?> StoredBackend()
    {
        if (!File.Exists(_paths.DeviceKeyFile))
        {
            return ProfileResult<DeviceKeyBackendKind?>.Ok(null);
        }

        var file = ReadFile();
        return file.TryGetValue(out var parsed) ? ProfileResult<DeviceKeyBackendKind?>.Ok(parsed.Backend) : file.Error;
    }

    /// <summary>Whether opening will need a passphrase (the stored backend's, else the preferred one's).</summary>
    public bool NeedsPassphrase()
    {
        var stored = StoredBackend();
        var kind = stored.IsOk && stored.Value is { } k ? k : _backends.Preferred;
        return _backends.Get(kind)?.NeedsPassphrase ?? false;
    }

    /// <summary>Opens the existing key; <see cref="ProfileError.DeviceKeyMissing"/> when there is none.</summary>
    public ProfileResult<DeviceKey> Open(Passphrase? passphrase)
    {
        if (!File.Exists(_paths.DeviceKeyFile))
        {
            return ProfileError.DeviceKeyMissing;
        }

        var file = ReadFile();
        if (!file.TryGetValue(out var parsed))
        {
            return file.Error;
        }

        return _backends.Get(parsed.Backend) is { } backend
            ? backend.Unprotect(parsed, passphrase)
            : ProfileError.KeystoreUnavailable;
    }

    /// <summary>
    /// Opens the key if the profile has one; otherwise, only if the profile has no database either, creates
    /// one in the preferred backend.
    /// </summary>
    public ProfileResult<DeviceKey> OpenOrCreate(Passphrase? passphrase) =>
        File.Exists(_paths.DeviceKeyFile) ? Open(passphrase) : Create(_backends.Preferred, passphrase);

    /// <summary>Creates a fresh key in <paramref name="backend"/>; refuses when a key or a database already exists.</summary>
    public ProfileResult<DeviceKey> Create(DeviceKeyBackendKind backend, Passphrase? passphrase)
    {
        if (File.Exists(_paths.DeviceKeyFile))
        {
            return ProfileError.DeviceKeyExists;
        }

        if (File.Exists(_paths.ClientDatabase))
        {
            return ProfileError.DeviceKeyMissing;
        }

        if (_backends.Get(backend) is not { } chosen)
        {
            return ProfileError.KeystoreUnavailable;
        }

        var key = DeviceKey.Generate(_entropy);
        Span<byte> keyId = stackalloc byte[DeviceKeyFile.KeyIdSize];
        _entropy.Fill(keyId);
        var file = chosen.Protect(key, keyId, passphrase);
        if (!file.TryGetValue(out var protectedFile))
        {
            key.Dispose();
            return file.Error;
        }

        _paths.EnsureDirectory();
        DurableFiles.WriteAtomically(_paths.DeviceKeyFile, protectedFile.Serialize());
        return ProfileResult<DeviceKey>.Ok(key);
    }

    /// <summary>
    /// Re-wraps a passphrase-held key under <paramref name="next"/> (fresh salt and nonce, same key and key id),
    /// replacing the file atomically. The old passphrase must open it first.
    /// </summary>
    public ProfileResult<bool> ChangePassphrase(Passphrase current, Passphrase next)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(next);
        var file = ReadFile();
        if (!file.TryGetValue(out var parsed))
        {
            return file.Error;
        }

        if (parsed.Backend != DeviceKeyBackendKind.Passphrase || _backends.Get(DeviceKeyBackendKind.Passphrase) is not { } backend)
        {
            return ProfileError.WrongBackend;
        }

        var opened = backend.Unprotect(parsed, current);
        if (!opened.TryGetValue(out var key))
        {
            return opened.Error;
        }

        using (key)
        {
            var rewrapped = backend.Protect(key, parsed.KeyId, next);
            if (!rewrapped.TryGetValue(out var newFile))
            {
                return rewrapped.Error;
            }

            DurableFiles.WriteAtomically(_paths.DeviceKeyFile, newFile.Serialize());
            return ProfileResult<bool>.Ok(true);
        }
    }

    public override string ToString() => $"DeviceKeyVault({_paths.Name})";

    private ProfileResult<DeviceKeyFile> ReadFile()
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(_paths.DeviceKeyFile, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > DeviceKeyFile.MaxFileSize)
            {
                return ProfileError.DeviceKeyFileCorrupt;
            }

            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (FileNotFoundException)
        {
            return ProfileError.DeviceKeyMissing;
        }

        return DeviceKeyFile.Parse(bytes);
    }
}
