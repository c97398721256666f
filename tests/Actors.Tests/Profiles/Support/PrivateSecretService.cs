using System.Diagnostics;
using Pvtcoms.Actors.Profiles;

namespace Pvtcoms.Actors.Tests.Profiles.Support;

/// <summary>
/// A private D-Bus session bus (<c>dbus-daemon --session</c>) with a GNOME Keyring secret service on it, unlocked
/// with a throwaway password, all in a temporary directory (its own HOME, XDG dirs). Nothing of the real user's
/// session or keyring is touched. Both processes are ours and are killed by id on Dispose.
/// </summary>
internal sealed class PrivateSecretService : IDisposable
{
    private readonly Process _bus;
    private readonly Process? _keyring;
    private readonly string _root;

    public PrivateSecretService()
    {
        _root = Path.Combine(Path.GetTempPath(), "pvtcoms-secret-service", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(_root, "home"));
        DurableFiles.CreatePrivateDirectory(Path.Combine(_root, "run"));

        var bus = new ProcessStartInfo("dbus-daemon") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "--session", "--nofork", "--print-address=1", "--address=unix:path=" + Path.Combine(_root, "bus") })
        {
            bus.ArgumentList.Add(argument);
        }

        _bus = Process.Start(bus) ?? throw new InvalidOperationException("dbus-daemon did not start");
        BusAddress = _bus.StandardOutput.ReadLine() ?? throw new InvalidOperationException("dbus-daemon printed no address");

        var keyring = new ProcessStartInfo("gnome-keyring-daemon")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--foreground", "--unlock", "--components=secrets" })
        {
            keyring.ArgumentList.Add(argument);
        }

        keyring.Environment["DBUS_SESSION_BUS_ADDRESS"] = BusAddress;
        keyring.Environment["HOME"] = Path.Combine(_root, "home");
        keyring.Environment["XDG_DATA_HOME"] = Path.Combine(_root, "home", "data");
        keyring.Environment["XDG_CONFIG_HOME"] = Path.Combine(_root, "home", "config");
        keyring.Environment["XDG_RUNTIME_DIR"] = Path.Combine(_root, "run");
        _keyring = Process.Start(keyring) ?? throw new InvalidOperationException("gnome-keyring-daemon did not start");
        _keyring.StandardInput.Write("throwaway-test-password");
        _keyring.StandardInput.Close();
        _keyring.OutputDataReceived += (_, _) => { };
        _keyring.ErrorDataReceived += (_, _) => { };
        _keyring.BeginOutputReadLine();
        _keyring.BeginErrorReadLine();

        // Wait (bounded) until the keyring owns org.freedesktop.secrets on our bus.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!SystemSecretServiceProbe.Instance.IsSecretsNameOwned(BusAddress))
        {
            if (DateTime.UtcNow > deadline || _keyring.HasExited)
            {
                Dispose();
                throw new InvalidOperationException("the private secret service did not come up");
            }

            Thread.Sleep(50);
        }
    }

    public string BusAddress { get; }

    public void Dispose()
    {
        foreach (var process in new[] { _keyring, _bus })
        {
            if (process is null)
            {
                continue;
            }

            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
