using Microsoft.AspNetCore.Builder;
using Pvtcoms.Ui.Blazor.Security;

namespace Pvtcoms.Ui.Blazor.Hosting;

/// <summary>A started UI: the one-time launch URL to open, and the way to stop it.</summary>
public sealed class RunningUi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LaunchSecret _secret;
    private int _stopped;

    internal RunningUi(WebApplication app, LaunchSecret secret, int port)
    {
        _app = app;
        _secret = secret;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        LaunchUrl = new Uri(BaseAddress, $"{LaunchSecretMiddleware.LaunchPath[1..]}?{LaunchSecretMiddleware.LaunchQueryName}={secret.LaunchToken}");
    }

    /// <summary>The loopback port the UI listens on.</summary>
    public int Port { get; }

    /// <summary><c>http://127.0.0.1:port/</c> (no secret).</summary>
    public Uri BaseAddress { get; }

    /// <summary>Open this once: it carries the one-time launch token (a secret: print it to the user, never log it).</summary>
    public Uri LaunchUrl { get; }

    /// <summary>The name of the per-launch cookie (per port, so two profiles' UIs in one browser do not collide).</summary>
    public string CookieName => new UiEndpoint(Port).CookieName;

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _secret.Dispose();
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    public override string ToString() => $"RunningUi(127.0.0.1:{Port})";
}
