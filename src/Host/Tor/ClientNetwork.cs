using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Tor.Dialing;
using Pvtcoms.Actors.Tor.Profile;
using Pvtcoms.Actors.Transport;
using Pvtcoms.Host.Cli;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Onion;

namespace Pvtcoms.Host.Tor;

/// <summary>
/// How one client profile reaches the network, composed for the CLI and the desktop (ADRs 0066, 0067):
/// <list type="bullet">
/// <item>no Tor (loopback relay, no inbox): the transport's loopback-only default; nothing else is reachable;</item>
/// <item>Tor: the profile's own tor in <c>&lt;profile&gt;/tor</c>, every connection through the fail-closed dialer
/// (sends stay queued while tor is not bootstrapped);</item>
/// <item>own inbox: additionally the relay API in-process on loopback, published as the profile's onion service
/// (key sealed in the store, <see cref="ProfileOnionKey"/>); the profile's relay is then its own onion address, which
/// it reaches over loopback (<see cref="OwnInboxConnect"/>).</item>
/// </list>
/// Disposing stops the inbox and tor (after the node, which the caller stops first).
/// </summary>
public sealed class ClientNetwork : IAsyncDisposable
{
    private ClientNetwork(RelayEndpoint ownRelay, ProfileTor? tor, ProfileInbox? inbox,
        Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> connect)
    {
        OwnRelay = ownRelay;
        Tor = tor;
        Inbox = inbox;
        Connect = connect;
    }

    /// <summary>The relay the node polls and names in its invites (its own onion address when it hosts its inbox).</summary>
    public RelayEndpoint OwnRelay { get; }

    /// <summary>The profile's tor, or null when it uses none.</summary>
    public ProfileTor? Tor { get; }

    /// <summary>The profile's own inbox, or null.</summary>
    public ProfileInbox? Inbox { get; }

    /// <summary>The connect callback for the node's <see cref="HttpRelayTransport"/>.</summary>
    public Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Connect { get; }

    public bool HostsInbox => Inbox is not null;

    /// <summary>Starts what <paramref name="selectedRelay"/> and <paramref name="hostInbox"/> need (see the class summary).</summary>
    /// <param name="extraTorrcLines">Lines appended to tor's configuration (null: from PVTCOMS_TOR_EXTRA_TORRC; only for a private test network).</param>
    /// <param name="sockets">Where the dialer's sockets come from (a test records them); null: plain sockets.</param>
    public static async Task<ClientNetwork> StartAsync(string profileDirectory, IClientStore store, RelayEndpoint selectedRelay,
        bool hostInbox, int inboxPowDifficulty, IReadOnlyList<string>? extraTorrcLines = null, ISocketFactory? sockets = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(profileDirectory);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(selectedRelay);
        if (!ClientTorSettings.UsesTor(selectedRelay, hostInbox))
        {
            return new ClientNetwork(selectedRelay, null, null, LoopbackOnlyConnect.ConnectAsync);
        }

        var tor = ProfileTor.Start(Path.Combine(profileDirectory, "tor"), extraTorrcLines ?? ClientTorSettings.ExtraTorrcLines(),
            sockets: sockets);
        ProfileInbox? inbox = null;
        try
        {
            if (!hostInbox)
            {
                return new ClientNetwork(selectedRelay, tor, null, tor.ConnectCallback);
            }

            inbox = await ProfileInbox.StartAsync(profileDirectory, inboxPowDifficulty).ConfigureAwait(false);
            OnionServiceKey key;
            try
            {
                key = ProfileOnionKey.LoadOrCreate(store, SystemEntropy.Instance);
            }
            catch (ProfileOnionKeyDamagedException e)
            {
                // A sentence the user can act on (no key material in it); CLI and desktop print it and exit 2.
                throw new CliError(e.Message);
            }

            var address = await tor.PublishInboxAsync(key, inbox.Listen).ConfigureAwait(false);
            var ownRelay = RelayEndpoint.Parse($"{address.HostName}:{ProfileTor.InboxVirtualPort}").Value;
            var connect = OwnInboxConnect.Route(address.HostName, ProfileTor.InboxVirtualPort, inbox.Listen, tor.ConnectCallback);
            return new ClientNetwork(ownRelay, tor, inbox, connect);
        }
        catch
        {
            if (inbox is not null)
            {
                await inbox.DisposeAsync().ConfigureAwait(false);
            }

            await tor.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Inbox is not null)
        {
            await Inbox.DisposeAsync().ConfigureAwait(false);
        }

        if (Tor is not null)
        {
            await Tor.DisposeAsync().ConfigureAwait(false);
        }
    }
}
