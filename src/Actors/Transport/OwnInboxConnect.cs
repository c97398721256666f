using System.Net;

namespace Pvtcoms.Actors.Transport;

/// <summary>
/// The connect callback of a profile that hosts its own inbox (ADR 0066): its own onion address (at the inbox's
/// virtual port) is reached over loopback, straight to the inbox's listener — the profile never goes out through tor
/// to come back to itself. Every other host goes to <c>others</c> (the fail-closed dialer).
/// </summary>
public static class OwnInboxConnect
{
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Route(
        string ownOnionHost, int virtualPort, IPEndPoint loopbackInbox,
        Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> others)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownOnionHost);
        ArgumentNullException.ThrowIfNull(loopbackInbox);
        ArgumentNullException.ThrowIfNull(others);
        if (!IPAddress.IsLoopback(loopbackInbox.Address))
        {
            throw new ArgumentException("The profile's own inbox is reached on loopback only.", nameof(loopbackInbox));
        }

        var inboxHost = loopbackInbox.Address.ToString();
        return (context, cancellationToken) =>
        {
            ArgumentNullException.ThrowIfNull(context);
            var target = context.DnsEndPoint;
            return string.Equals(target.Host, ownOnionHost, StringComparison.OrdinalIgnoreCase) && target.Port == virtualPort
                ? LoopbackOnlyConnect.ConnectAsync(inboxHost, loopbackInbox.Port, cancellationToken)
                : others(context, cancellationToken);
        };
    }
}
