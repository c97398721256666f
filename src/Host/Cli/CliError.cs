namespace Pvtcoms.Host.Cli;

/// <summary>
/// A CLI failure the user can act on: a sentence for stderr (never a key, passphrase, token or message text)
/// and the exit code (2 for wrong input or configuration, 1 for an operation that did not complete).
/// </summary>
public sealed class CliError : Exception
{
    public CliError()
    {
    }

    public CliError(string message)
        : base(message)
    {
    }

    public CliError(string message, Exception inner)
        : base(message, inner)
    {
    }

    public CliError(string message, int exitCode)
        : base(message) => ExitCode = exitCode;

    public int ExitCode { get; } = 2;
}
