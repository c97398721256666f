using Pvtcoms.Actors.Profiles;
using Pvtcoms.Host.Cli;
using Pvtcoms.Ui.Blazor.Engine.Client;
using Pvtcoms.Ui.Blazor.Hosting;

namespace Pvtcoms.Host.Desktop;

/// <summary>
/// <c>pvtcoms [--profile NAME] [--no-browser]</c>: opens the profile (an initialised one is unlocked with
/// <c>PVTCOMS_PASSPHRASE</c> when set, else on the UI's unlock screen; a new one is created by the UI's first-run
/// screen), starts its node and the UI on 127.0.0.1, prints the one-time launch URL and opens it in the system browser, and runs until
/// Ctrl-C or SIGTERM; then it stops the UI, the node and the store and releases the profile's lock. Exit code 0, or 2
/// with a one-line "pvtcoms: ..." message for a profile that cannot be opened (as the CLI).
/// </summary>
public static class DesktopRun
{
    public static Task<int> RunAsync(string? profileName, bool noBrowser, TextWriter output, CancellationToken cancellationToken) =>
        RunAsync(SystemProfileEnvironment.Instance, profileName, noBrowser, Argon2Cost.Default, PassphraseFromEnvironment, output, cancellationToken);

    /// <summary><c>PVTCOMS_PASSPHRASE</c> when set (scripts); null means "ask on the UI's unlock screen".</summary>
    public static Passphrase? PassphraseFromEnvironment() =>
        Environment.GetEnvironmentVariable(PassphraseSource.EnvironmentVariable) is { Length: > 0 } text ? Passphrase.FromString(text) : null;

    /// <summary>The same with its environment, Argon2 cost, passphrase source and node tuning given (tests).</summary>
    public static async Task<int> RunAsync(IProfileEnvironment environment, string? profileName, bool noBrowser, Argon2Cost passphraseCost,
        Func<Passphrase?> passphraseSource, TextWriter output, CancellationToken cancellationToken, DesktopNodeTuning? tuning = null)
    {
        ArgumentNullException.ThrowIfNull(passphraseSource);
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            using var shutdown = new ShutdownSignal(cancellationToken);
            await using var profile = DesktopProfile.Open(environment, profileName, passphraseCost, tuning);
            ClientNodeMessengerSession session;
            if (profile.IsInitialised && !profile.NeedsPassphrase)
            {
                session = ClientNodeMessengerSession.ForEngine(await profile.UnlockAsync(null).ConfigureAwait(false));
            }
            else if (profile.IsInitialised)
            {
                using var passphrase = passphraseSource();
                if (passphrase is null)
                {
                    session = ClientNodeMessengerSession.AwaitingUnlock(profile.DefaultSettings(), profile.TryUnlockAsync);
                    await output.WriteLineAsync($"pvtcoms: profile '{profile.Name}' is locked: unlock it with its passphrase in the browser.").ConfigureAwait(false);
                }
                else
                {
                    session = ClientNodeMessengerSession.ForEngine(await profile.UnlockAsync(passphrase).ConfigureAwait(false));
                }
            }
            else
            {
                session = ClientNodeMessengerSession.AwaitingFirstRun(profile.DefaultSettings(), profile.CreateAsync);
                await output.WriteLineAsync($"pvtcoms: profile '{profile.Name}' is new: create your identity in the browser.").ConfigureAwait(false);
            }

            using (session)
            {
                var ui = await UiHost.StartAsync(new UiHostOptions { Session = session }).ConfigureAwait(false);
                try
                {
                    await output.WriteLineAsync($"pvtcoms: profile '{profile.Name}' is running; the UI listens on {ui.BaseAddress} (loopback only).").ConfigureAwait(false);
                    if (noBrowser || !SystemBrowser.TryOpen(ui.LaunchUrl))
                    {
                        await output.WriteLineAsync($"Open {ui.LaunchUrl} in your browser (the link works once).").ConfigureAwait(false);
                    }

                    await output.WriteLineAsync("Press Ctrl-C to stop.").ConfigureAwait(false);
                    await shutdown.Signalled.ConfigureAwait(false);
                    await output.WriteLineAsync("pvtcoms: stopping").ConfigureAwait(false);
                }
                finally
                {
                    await ui.StopAsync().ConfigureAwait(false);
                }
            }

            return 0;
        }
        catch (CliError e)
        {
            await Console.Error.WriteLineAsync($"pvtcoms: {e.Message}").ConfigureAwait(false);
            return 2;
        }
    }
}
