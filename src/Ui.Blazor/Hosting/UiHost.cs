using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pvtcoms.Ui.Blazor.Components;
using Pvtcoms.Ui.Blazor.Security;

namespace Pvtcoms.Ui.Blazor.Hosting;

/// <summary>
/// Starts the desktop UI (Blazor Server, interactive server render mode) of one profile on 127.0.0.1 only,
/// behind the per-launch secret, the loopback Host/Origin guard, strict CSP and antiforgery (docs/UI.md).
/// </summary>
public static class UiHost
{
    /// <summary>Largest HTTP request body accepted (the circuit's messages are bounded by SignalR's own 32 KiB limit).</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    public static async Task<RunningUi> StartAsync(UiHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Session);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(UiHost).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Only what we set: no appsettings, no ASPNETCORE_URLS; one listener on the IPv4 loopback address.
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes; // forms are small; the circuit is a websocket
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        builder.Logging.ClearProviders();
        if (options.LoggerProvider is not null)
        {
            // Warnings and up only: request logs at Information carry URLs, and the launch URL carries the token.
            builder.Logging.AddProvider(options.LoggerProvider);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }

        var secret = new LaunchSecret();
        var slot = new UiEndpointSlot();
        builder.Services.AddSingleton(secret);
        builder.Services.AddSingleton(slot);
        builder.Services.AddSingleton(options.Session);
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents(circuit => circuit.DetailedErrors = false);

        var app = builder.Build();
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<LoopbackRequestGuard>();
        app.UseMiddleware<LaunchSecretMiddleware>();
        app.UseAntiforgery();
        app.MapEmbeddedAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var port = BoundLoopbackPort(app);
            slot.Set(new UiEndpoint(port));
            return new RunningUi(app, secret, port);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            secret.Dispose();
            throw;
        }
    }

    /// <summary>The one bound address, checked to be loopback (a non-loopback bind is a bug we refuse to run with).</summary>
    private static int BoundLoopbackPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        if (addresses.Count != 1)
        {
            throw new InvalidOperationException("the UI must listen on exactly one address");
        }

        var address = new Uri(addresses.First());
        if (!IPAddress.TryParse(address.Host, out var ip) || !IPAddress.IsLoopback(ip))
        {
            throw new InvalidOperationException("the UI is bound to a non-loopback address");
        }

        return address.Port;
    }
}
