namespace Pvtcoms.Actors.Profiles;

/// <summary>The files of one profile. Only <see cref="EnsureDirectory"/> touches the disk.</summary>
public sealed record ProfilePaths
{
    public const string ClientDatabaseFileName = "client.db";
    public const string DeviceKeyFileName = "device-key";
    public const string LockFileName = "lock";

    public ProfilePaths(string dataRoot, ProfileName name)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataRoot);
        ArgumentNullException.ThrowIfNull(name);
        DataRoot = dataRoot;
        Name = name;
        Directory = Path.Combine(dataRoot, ProfileLocation.ProfilesDirectoryName, name.Value);
    }

    public string DataRoot { get; }

    public ProfileName Name { get; }

    /// <summary><c>&lt;root&gt;/profiles/&lt;name&gt;</c>.</summary>
    public string Directory { get; }

    /// <summary>The sealed SQLite store (written by the client store).</summary>
    public string ClientDatabase => Path.Combine(Directory, ClientDatabaseFileName);

    /// <summary>The device key file (docs/spec/device-key.md).</summary>
    public string DeviceKeyFile => Path.Combine(Directory, DeviceKeyFileName);

    /// <summary>Held exclusively while a process uses the profile.</summary>
    public string LockFile => Path.Combine(Directory, LockFileName);

    /// <summary>Creates the root, <c>profiles/</c> and the profile directory, owner-only (0700) on Unix.</summary>
    public void EnsureDirectory()
    {
        DurableFiles.CreatePrivateDirectory(DataRoot);
        DurableFiles.CreatePrivateDirectory(Path.Combine(DataRoot, ProfileLocation.ProfilesDirectoryName));
        DurableFiles.CreatePrivateDirectory(Directory);
    }
}
