using System.Security.Cryptography;
using Pvtcoms.Protocol.Onion;

namespace Pvtcoms.Host.Relay;

/// <summary>
/// The relay's onion service identity: 32 random bytes in <c>&lt;data_dir&gt;/onion-service.key</c> (mode 0600),
/// made on the first onion start and never replaced. The file IS the relay's address: back it up to keep the
/// address, and nobody else may read it (deploy/RELAY_ONION_KEY.md). A file of the wrong size is an error, never
/// a reason to make a new key (a new key would silently move the relay to a new address).
/// </summary>
public static class RelayOnionSeedFile
{
    public const string FileName = "onion-service.key";

    /// <summary>Loads the seed, or creates it durably when absent. Null with an error text when the file is unusable.</summary>
    public static (OnionServiceKey? Key, string? Error) LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        var seed = new byte[OnionServiceKey.SeedLength];
        try
        {
            if (File.Exists(path))
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
                if (file.Length != OnionServiceKey.SeedLength)
                {
                    return (null, $"{FileName} has the wrong size; restore it from the backup (a new key would change the relay's address)");
                }

                file.ReadExactly(seed);
                return (OnionServiceKey.FromSeed(seed), null);
            }

            Directory.CreateDirectory(dataDirectory);
            RandomNumberGenerator.Fill(seed);
            WriteDurably(path, seed);
            return (OnionServiceKey.FromSeed(seed), null);
        }
        catch (IOException e)
        {
            return (null, $"{FileName} could not be read or written ({e.GetType().Name})");
        }
        catch (UnauthorizedAccessException)
        {
            return (null, $"{FileName} is not accessible to this user");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>Temp file (0600) written and flushed to disk, renamed into place; the rename never replaces a file.</summary>
    private static void WriteDurably(string path, ReadOnlySpan<byte> seed)
    {
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temp, options))
        {
            file.Write(seed);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: false);
    }
}
