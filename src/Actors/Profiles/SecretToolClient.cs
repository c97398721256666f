using System.Diagnostics;
using System.Security.Cryptography;

namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// Talks to the Secret Service through libsecret's <c>secret-tool</c> (ADR 0075). The secret crosses only the
/// child's stdin/stdout pipes, never its command line or environment; the bus address is passed explicitly.
/// </summary>
public sealed class SecretToolClient : ISecretServiceClient
{
    private const int MaxSecretBytes = 1024;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    private readonly string _secretToolPath;
    private readonly string _busAddress;

    public SecretToolClient(string secretToolPath, string busAddress)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretToolPath);
        ArgumentException.ThrowIfNullOrEmpty(busAddress);
        _secretToolPath = secretToolPath;
        _busAddress = busAddress;
    }

    public ProfileError Store(string label, IReadOnlyList<KeyValuePair<string, string>> attributes, ReadOnlySpan<byte> secret)
    {
        using var process = Start(["store", "--label=" + label], attributes);
        if (process is null)
        {
            return ProfileError.KeystoreUnavailable;
        }

        try
        {
            process.StandardInput.BaseStream.Write(secret);
            process.StandardInput.Close();
            return Finish(process) == 0 ? ProfileError.None : ProfileError.KeystoreFailed;
        }
        catch (IOException)
        {
            return ProfileError.KeystoreFailed;
        }
    }

    public ProfileResult<byte[]> Lookup(IReadOnlyList<KeyValuePair<string, string>> attributes)
    {
        using var process = Start(["lookup"], attributes);
        if (process is null)
        {
            return ProfileError.KeystoreUnavailable;
        }

        var buffer = new byte[MaxSecretBytes + 1];
        try
        {
            process.StandardInput.Close();

            // Exit first (bounded wait), then read: the output is a few dozen bytes, far below a pipe's buffer.
            var exit = Finish(process);
            var length = 0;
            int read;
            while (length < buffer.Length && (read = process.StandardOutput.BaseStream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }

            var errorText = process.StandardError.ReadToEnd();
            if (exit == 0 && length is > 0 and <= MaxSecretBytes)
            {
                return ProfileResult<byte[]>.Ok(buffer[..length]);
            }

            // secret-tool exits 1 without a word when nothing matches; anything on stderr is a real failure.
            return exit != 0 && errorText.Length == 0 ? ProfileError.DeviceKeyMissing : ProfileError.KeystoreFailed;
        }
        catch (IOException)
        {
            return ProfileError.KeystoreFailed;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    public override string ToString() => "SecretToolClient";

    private Process? Start(IEnumerable<string> arguments, IReadOnlyList<KeyValuePair<string, string>> attributes)
    {
        var start = new ProcessStartInfo(_secretToolPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in attributes)
        {
            start.ArgumentList.Add(name);
            start.ArgumentList.Add(value);
        }

        start.Environment[SecretServiceDetection.BusAddressVariable] = _busAddress;
        try
        {
            return Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static int Finish(Process process)
    {
        if (!process.WaitForExit(s_timeout))
        {
            // A locked collection whose unlock prompt nobody answers: give up rather than hang startup.
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return -1;
        }

        return process.ExitCode;
    }
}
