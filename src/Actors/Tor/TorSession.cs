using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Pvtcoms.Actors.Tor.Control;
using Pvtcoms.Actors.Tor.Process;
using Pvtcoms.Protocol.Onion;

namespace Pvtcoms.Actors.Tor;

/// <summary>
/// The real <see cref="ITorSession"/>: a <see cref="TorProcess"/> plus its authenticated control
/// connection, which has TAKEOWNERSHIP (tor exits when it closes) and follows STATUS_CLIENT events.
/// </summary>
public sealed class TorSession : ITorSession
{
    private readonly TorProcess _process;
    private readonly TorControlConnection _control;
    private readonly Channel<BootstrapProgress> _bootstrap = Channel.CreateBounded<BootstrapProgress>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Task _eventPump;

    private TorSession(TorProcess process, TorControlConnection control, IPEndPoint socks, BootstrapProgress initial)
    {
        _process = process;
        _control = control;
        SocksEndPoint = socks;
        InitialBootstrap = initial;
        Ended = Task.WhenAny(process.Exited, control.Completion);
        _eventPump = Task.Run(PumpEventsAsync);
    }

    public IPEndPoint SocksEndPoint { get; }

    public int? ProcessId => _process.ProcessId;

    public BootstrapProgress InitialBootstrap { get; }

    public ChannelReader<BootstrapProgress> BootstrapUpdates => _bootstrap.Reader;

    public Task Ended { get; }

    /// <summary>Launches tor, authenticates, takes ownership, reads the SOCKS port and subscribes to bootstrap events.</summary>
    public static async Task<TorResult<ITorSession>> StartAsync(TorLaunchOptions options, CancellationToken cancellationToken)
    {
        var started = await TorProcess.StartAsync(options, cancellationToken).ConfigureAwait(false);
        if (!started.IsOk)
        {
            return started.Failure;
        }

        var process = started.Value;
        TorControlConnection? control = null;
        try
        {
            var connected = await TorControlConnection.ConnectAsync(process.ControlEndPoint, cancellationToken).ConfigureAwait(false);
            if (!connected.IsOk)
            {
                await process.DisposeAsync().ConfigureAwait(false);
                return connected.Failure;
            }

            control = connected.Value;
            var setUp = await SetUpAsync(control, process.CookieFile, cancellationToken).ConfigureAwait(false);
            if (!setUp.IsOk)
            {
                await control.DisposeAsync().ConfigureAwait(false);
                await process.DisposeAsync().ConfigureAwait(false);
                return setUp.Failure;
            }

            return TorResult<ITorSession>.Ok(new TorSession(process, control, setUp.Value.Socks, setUp.Value.Bootstrap));
        }
        catch (OperationCanceledException)
        {
            if (control is not null)
            {
                await control.DisposeAsync().ConfigureAwait(false);
            }

            await process.DisposeAsync().ConfigureAwait(false);
            return TorFailure.Timeout;
        }
    }

    private static async Task<TorResult<(IPEndPoint Socks, BootstrapProgress Bootstrap)>> SetUpAsync(
        TorControlConnection control, string cookieFile, CancellationToken cancellationToken)
    {
        var authenticated = await TorAuthenticator.AuthenticateAsync(control, cookieFile, cancellationToken).ConfigureAwait(false);
        if (!authenticated.IsOk)
        {
            return authenticated.Failure;
        }

        var owned = await ExpectOkAsync(control, "TAKEOWNERSHIP", cancellationToken).ConfigureAwait(false);
        if (owned != TorFailure.None)
        {
            return owned;
        }

        var socks = await GetInfoAsync(control, "net/listeners/socks", cancellationToken).ConfigureAwait(false);
        if (!socks.IsOk)
        {
            return socks.Failure;
        }

        if (!ControlFields.TryParseQuotedList(socks.Value, out var listeners))
        {
            return TorFailure.MalformedReply;
        }

        IPEndPoint? socksEndPoint = null;
        foreach (var listener in listeners)
        {
            if (IPEndPoint.TryParse(listener, out var candidate) && IPAddress.IsLoopback(candidate.Address) && candidate.Port != 0)
            {
                socksEndPoint = candidate;
                break;
            }
        }

        if (socksEndPoint is null)
        {
            return TorFailure.SocksPortMissing;
        }

        var subscribed = await ExpectOkAsync(control, "SETEVENTS STATUS_CLIENT", cancellationToken).ConfigureAwait(false);
        if (subscribed != TorFailure.None)
        {
            return subscribed;
        }

        var phase = await GetInfoAsync(control, "status/bootstrap-phase", cancellationToken).ConfigureAwait(false);
        if (!phase.IsOk)
        {
            return phase.Failure;
        }

        if (!BootstrapProgress.TryParse(phase.Value, out var bootstrap))
        {
            return TorFailure.MalformedReply;
        }

        return TorResult<(IPEndPoint, BootstrapProgress)>.Ok((socksEndPoint, bootstrap));
    }

    private static async Task<TorFailure> ExpectOkAsync(TorControlConnection control, string command, CancellationToken cancellationToken)
    {
        var reply = await control.SendAsync(command, cancellationToken).ConfigureAwait(false);
        if (!reply.IsOk)
        {
            return reply.Failure;
        }

        return reply.Value.IsOk ? TorFailure.None : TorFailure.CommandRefused;
    }

    /// <summary>GETINFO for one key; the value of its single "key=value" line (a data block is refused: we never ask for one).</summary>
    private static async Task<TorResult<string>> GetInfoAsync(TorControlConnection control, string key, CancellationToken cancellationToken)
    {
        var reply = await control.SendAsync("GETINFO " + key, cancellationToken).ConfigureAwait(false);
        if (!reply.IsOk)
        {
            return reply.Failure;
        }

        if (!reply.Value.IsOk)
        {
            return TorFailure.CommandRefused;
        }

        var lines = reply.Value.Lines;
        if (lines.Count != 2 || lines[0].Data is not null || lines[1].Text != "OK"
            || !lines[0].Text.StartsWith(key + "=", StringComparison.Ordinal))
        {
            return TorFailure.MalformedReply;
        }

        return TorResult<string>.Ok(lines[0].Text[(key.Length + 1)..]);
    }

    public async Task<TorResult<OnionAddress>> AddOnionServiceAsync(
        OnionServiceKey key, int virtualPort, IPEndPoint target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(target);
        if (virtualPort is < 1 or > 65535 || !IPAddress.IsLoopback(target.Address))
        {
            throw new ArgumentException("An onion service maps a port 1–65535 to a loopback target.");
        }

        var prefix = Encoding.ASCII.GetBytes("ADD_ONION ");
        var suffix = Encoding.ASCII.GetBytes(string.Create(
            CultureInfo.InvariantCulture, $" Flags=DiscardPK Port={virtualPort},{target}"));
        var command = new byte[prefix.Length + OnionServiceKey.AddOnionKeyArgumentLength + suffix.Length];
        TorResult<ControlReply> reply;
        try
        {
            prefix.CopyTo(command, 0);
            key.WriteAddOnionKeyArgument(command.AsSpan(prefix.Length, OnionServiceKey.AddOnionKeyArgumentLength));
            suffix.CopyTo(command, prefix.Length + OnionServiceKey.AddOnionKeyArgumentLength);
            reply = await _control.SendAsync(command, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(command);
        }

        if (!reply.IsOk)
        {
            return reply.Failure;
        }

        if (!reply.Value.IsOk)
        {
            return TorFailure.CommandRefused;
        }

        foreach (var line in reply.Value.Lines)
        {
            if (line.Text.StartsWith("ServiceID=", StringComparison.Ordinal))
            {
                var parsed = OnionAddress.Parse(line.Text["ServiceID=".Length..]);
                if (!parsed.IsOk)
                {
                    return TorFailure.MalformedReply;
                }

                return parsed.Value.Equals(key.Address) ? TorResult<OnionAddress>.Ok(parsed.Value) : TorFailure.ServiceIdMismatch;
            }
        }

        return TorFailure.MalformedReply;
    }

    public Task<TorFailure> SignalNewnymAsync(CancellationToken cancellationToken) => TorSignals.NewnymAsync(_control, cancellationToken);

    private async Task PumpEventsAsync()
    {
        await foreach (var reply in _control.Events.ReadAllAsync().ConfigureAwait(false))
        {
            if (BootstrapProgress.TryParse(reply.Lines[0].Text, out var progress))
            {
                _bootstrap.Writer.TryWrite(progress);
            }
        }

        _bootstrap.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        await _control.DisposeAsync().ConfigureAwait(false);
        await _process.DisposeAsync().ConfigureAwait(false);
        await _eventPump.ConfigureAwait(false);
    }
}

/// <summary>Launches the system tor with fixed options.</summary>
public sealed class TorLauncher(TorLaunchOptions options) : ITorLauncher
{
    public Task<TorResult<ITorSession>> LaunchAsync(CancellationToken cancellationToken) => TorSession.StartAsync(options, cancellationToken);
}
