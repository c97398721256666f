using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Pvtcoms.Relay;
using Pvtcoms.Relay.Configuration;

namespace Pvtcoms.Host.Tor;

/// <summary>
/// A profile's own inbox (ADR 0066): the relay's HTTP API (src/Relay, the same code as <c>pvtcoms relay</c>) running
/// in the profile's process on 127.0.0.1, its SQLite database in <c>&lt;profile&gt;/inbox</c>. Published on the
/// profile's onion service, it is where contacts deposit directly; the profile fetches from it over loopback. /health
/// has a loopback listener of its own, so it is not reachable through the onion service. The relay logs nothing.
/// </summary>
public sealed class ProfileInbox : IAsyncDisposable
{
    public const string DirectoryName = "inbox";

    private readonly WebApplication _app;

    private ProfileInbox(WebApplication app, IPEndPoint listen)
    {
        _app = app;
        Listen = listen;
    }

    /// <summary>The loopback end point of the inbox's API (what the onion service points at).</summary>
    public IPEndPoint Listen { get; }

    /// <summary>How often a start is tried again with other ports when one was taken between choosing and binding it.</summary>
    public const int StartAttempts = 5;

    /// <summary>Starts the inbox with data under <paramref name="profileDirectory"/>, demanding <paramref name="powDifficulty"/> bits.</summary>
    public static Task<ProfileInbox> StartAsync(string profileDirectory, int powDifficulty, CancellationToken cancellationToken = default) =>
        StartAsync(profileDirectory, powDifficulty, FreeLoopbackPort, cancellationToken);

    /// <param name="choosePort">Where the ports come from (tests hand in a taken one to see the start try again).</param>
    internal static async Task<ProfileInbox> StartAsync(string profileDirectory, int powDifficulty, Func<int> choosePort, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(profileDirectory);
        ArgumentNullException.ThrowIfNull(choosePort);
        for (var attempt = 1; ; attempt++)
        {
            var listen = new IPEndPoint(IPAddress.Loopback, choosePort());
            var options = new RelayOptions
            {
                Listen = listen,
                HealthListen = new IPEndPoint(IPAddress.Loopback, choosePort()),
                DataDirectory = Path.Combine(profileDirectory, DirectoryName),
                PowDifficulty = powDifficulty,
            };
            Directory.CreateDirectory(options.DataDirectory);
            var app = RelayServer.Build(options, configureLogging: static _ => { });
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                return new ProfileInbox(app, listen);
            }
            catch (IOException e) when (attempt < StartAttempts && e.InnerException is AddressInUseException)
            {
                // Another process took one of the two ports after the probe released it: choose again.
                await app.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await app.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>A loopback port free at this moment (the OS picks it; the inbox binds it right after).</summary>
    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Stops the inbox gracefully (deposits in flight complete) and releases its database.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
