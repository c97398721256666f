using System.Net;
using System.Net.Sockets;

namespace Pvtcoms.Actors.Tor.Dialing;

/// <summary>
/// The only way the client opens an outbound connection. Loopback IP literals are dialed directly;
/// everything else goes through tor's SOCKS5 port — onion and other names as names (tor resolves them,
/// we never do), non-onion hosts through an exit. When tor is not ready the answer is
/// <see cref="DialResult.TorNotReady"/> and no socket is opened: there is no fallback. Direct TCP to a
/// non-loopback target happens only with PVTCOMS_ALLOW_DIRECT_TCP=1, and never for a .onion name.
/// The outcome of every dial to a .onion through tor is reported to <paramref name="onions"/> when given, which asks
/// tor to forget stale onion state after repeated failures (ADR 0068).
/// </summary>
public sealed class FailClosedDialer(ITorReadiness tor, ISocketFactory sockets, DialPolicy policy, OnionReachability? onions = null)
{
    private readonly ITorReadiness _tor = tor ?? throw new ArgumentNullException(nameof(tor));
    private readonly ISocketFactory _sockets = sockets ?? throw new ArgumentNullException(nameof(sockets));
    private readonly DialPolicy _policy = policy ?? throw new ArgumentNullException(nameof(policy));
    private readonly OnionReachability? _onions = onions;

    public async Task<DialResult> DialAsync(string host, int port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (port is < 1 or > 65535 || !(IPAddress.TryParse(host, out _) || Socks5.IsPlainHostName(host)))
        {
            return new DialResult.Failed(DialFailure.InvalidTarget);
        }

        var isOnion = host.EndsWith(".onion", StringComparison.OrdinalIgnoreCase);
        if (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip))
        {
            return await DirectAsync(new IPEndPoint(ip, port), DialRoute.DirectLoopback, cancellationToken).ConfigureAwait(false);
        }

        if (_policy.AllowDirectTcp && !isOnion)
        {
            EndPoint target = ip is not null ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port);
            return await DirectAsync(target, DialRoute.DirectAllowed, cancellationToken).ConfigureAwait(false);
        }

        var socks = _tor.SocksEndPointIfReady;
        if (socks is null)
        {
            return DialResult.TorNotReady.Instance;
        }

        if (!IPAddress.IsLoopback(socks.Address))
        {
            throw new InvalidOperationException("tor's SOCKS port must be on loopback.");
        }

        var result = await ThroughTorAsync(socks, host, port, cancellationToken).ConfigureAwait(false);
        if (isOnion && _onions is not null)
        {
            Report(_onions, host, result);
        }

        return result;
    }

    private static void Report(OnionReachability onions, string host, DialResult result)
    {
        switch (result)
        {
            case DialResult.Connected:
                onions.RecordSuccess(host);
                break;
            case DialResult.Failed failed:
                onions.RecordFailure(host, failed);
                break;
        }
    }

    private async Task<DialResult> DirectAsync(EndPoint target, DialRoute route, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_policy.AttemptTimeout);
        try
        {
            var stream = await _sockets.ConnectAsync(target, attempt.Token).ConfigureAwait(false);
            return new DialResult.Connected(stream, route);
        }
        catch (SocketException)
        {
            return new DialResult.Failed(DialFailure.ConnectFailed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DialResult.Failed(DialFailure.Timeout);
        }
    }

    private async Task<DialResult> ThroughTorAsync(IPEndPoint socks, string host, int port, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_policy.AttemptTimeout);
        Stream stream;
        try
        {
            stream = await _sockets.ConnectAsync(socks, attempt.Token).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return new DialResult.Failed(DialFailure.ConnectFailed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DialResult.Failed(DialFailure.Timeout);
        }

        DialResult result;
        try
        {
            result = await HandshakeAsync(stream, host, port, attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = new DialResult.Failed(DialFailure.Timeout);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            result = new DialResult.Failed(DialFailure.SocksProtocolError, SocksError: Socks5Error.Truncated);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (result is not DialResult.Connected)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }

        return result;
    }

    private static async Task<DialResult> HandshakeAsync(Stream stream, string host, int port, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Socks5.Greeting.ToArray(), cancellationToken).ConfigureAwait(false);
        var selection = new byte[2];
        await stream.ReadExactlyAsync(selection, cancellationToken).ConfigureAwait(false);
        var error = Socks5.ParseMethodSelection(selection);
        if (error != Socks5Error.None)
        {
            return new DialResult.Failed(DialFailure.SocksProtocolError, SocksError: error);
        }

        await stream.WriteAsync(Socks5.ConnectRequest(host, port), cancellationToken).ConfigureAwait(false);
        var reply = new byte[Socks5.ReplyHeaderLength + 1 + Socks5.MaxDomainLength + 2];
        await stream.ReadExactlyAsync(reply.AsMemory(0, Socks5.ReplyHeaderLength + 1), cancellationToken).ConfigureAwait(false);
        error = Socks5.TryGetReplyLength(reply.AsSpan(0, Socks5.ReplyHeaderLength + 1), out var length);
        if (error != Socks5Error.None)
        {
            return new DialResult.Failed(DialFailure.SocksProtocolError, SocksError: error);
        }

        await stream.ReadExactlyAsync(reply.AsMemory(Socks5.ReplyHeaderLength + 1, length - Socks5.ReplyHeaderLength - 1), cancellationToken)
            .ConfigureAwait(false);
        error = Socks5.ParseReply(reply.AsSpan(0, length), out var code);
        if (error != Socks5Error.None)
        {
            return new DialResult.Failed(DialFailure.SocksProtocolError, SocksError: error);
        }

        return code == Socks5ReplyCode.Succeeded
            ? new DialResult.Connected(stream, DialRoute.Tor)
            : new DialResult.Failed(DialFailure.SocksRefused, code);
    }
}
