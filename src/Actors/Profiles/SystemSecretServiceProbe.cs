using System.Diagnostics;

namespace Pvtcoms.Actors.Profiles;

/// <summary>Finds <c>secret-tool</c> on <c>PATH</c> and asks the bus with <c>dbus-send</c> whether the secrets name is owned.</summary>
public sealed class SystemSecretServiceProbe : ISecretServiceProbe
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    public static SystemSecretServiceProbe Instance { get; } = new();

    public string? FindSecretTool(IProfileEnvironment environment) => FindOnPath(environment, "secret-tool");

    public bool IsSecretsNameOwned(string busAddress)
    {
        if (FindOnPath(SystemProfileEnvironment.Instance, "dbus-send") is not { } dbusSend)
        {
            return false;
        }

        var start = new ProcessStartInfo(dbusSend)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--session", "--print-reply", "--reply-timeout=5000", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner", "string:" + SecretServiceDetection.SecretsBusName,
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[SecretServiceDetection.BusAddressVariable] = busAddress;
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(s_timeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            var output = process.StandardOutput.ReadToEnd();
            return process.ExitCode == 0 && output.Contains("boolean true", StringComparison.Ordinal);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    public override string ToString() => "SystemSecretServiceProbe";

    internal static string? FindOnPath(IProfileEnvironment environment, string name)
    {
        foreach (var directory in (environment.GetVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (Path.IsPathFullyQualified(candidate) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
