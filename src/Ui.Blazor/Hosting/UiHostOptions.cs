using Pvtcoms.Ui.Blazor.Engine;

namespace Pvtcoms.Ui.Blazor.Hosting;

/// <summary>How to start the desktop UI of one profile.</summary>
public sealed class UiHostOptions
{
    /// <summary>The engine of the profile this UI shows.</summary>
    public required IMessengerSession Session { get; init; }

    /// <summary>0 (default): a free port chosen by the kernel. Tests may pass a reserved one.</summary>
    public int Port { get; init; }

    /// <summary>Optional sink for ASP.NET Core's own warnings and errors (never request URLs: those carry the token).</summary>
    public Microsoft.Extensions.Logging.ILoggerProvider? LoggerProvider { get; init; }
}
