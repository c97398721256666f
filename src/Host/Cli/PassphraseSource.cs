using System.Text;
using Pvtcoms.Actors.Profiles;

namespace Pvtcoms.Host.Cli;

/// <summary>
/// Where the CLI gets a passphrase: <c>PVTCOMS_PASSPHRASE</c> (scripts, tests), else asked on the terminal without
/// echo. Never from a command-line argument (it would be visible in the process list and shell history).
/// </summary>
public static class PassphraseSource
{
    public const string EnvironmentVariable = "PVTCOMS_PASSPHRASE";

    public static Passphrase Obtain(bool confirm)
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return Passphrase.FromString(fromEnvironment);
        }

        if (Console.IsInputRedirected)
        {
            throw new CliError(ProfileErrorText.Describe(ProfileError.PassphraseRequired));
        }

        var first = Ask("passphrase: ");
        if (confirm && !string.Equals(first, Ask("passphrase again: "), StringComparison.Ordinal))
        {
            throw new CliError("the two passphrases differ");
        }

        if (first.Length == 0)
        {
            throw new CliError("an empty passphrase is not accepted");
        }

        return Passphrase.FromString(first);
    }

    private static string Ask(string prompt)
    {
        Console.Error.Write(prompt);
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return typed.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (typed.Length > 0)
                {
                    typed.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
    }
}
