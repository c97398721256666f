using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Pvtcoms.Actors.Tor.Control;

/// <summary>
/// One connection to tor's control port. Commands are written in order and their replies matched in
/// order; asynchronous events (6xx) go to <see cref="Events"/>. Bytes from tor go through a
/// <see cref="ControlReplyReader"/>; malformed input closes the connection and fails every pending
/// command with <see cref="TorFailure.MalformedReply"/> instead of throwing.
/// </summary>
public sealed class TorControlConnection : IAsyncDisposable
{
    /// <summary>Most buffered asynchronous events; older ones are dropped when a consumer falls behind.</summary>
    public const int MaxBufferedEvents = 1024;

    /// <summary>Longest command line we write (ADD_ONION with its key is about 200 bytes).</summary>
    public const int MaxCommandLength = 4096;

    private readonly Stream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Queue<TaskCompletionSource<TorResult<ControlReply>>> _pending = new();
    private readonly Lock _pendingLock = new();
    private readonly Channel<ControlReply> _events = Channel.CreateBounded<ControlReply>(
        new BoundedChannelOptions(MaxBufferedEvents) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _readLoop;
    private TorFailure _closedBecause;

    public TorControlConnection(Stream stream)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Asynchronous events (status 650) in arrival order.</summary>
    public ChannelReader<ControlReply> Events => _events.Reader;

    /// <summary>Completes when the connection is closed, by either side.</summary>
    public Task Completion => _readLoop;

    /// <summary>Why the connection closed (None while open).</summary>
    public TorFailure ClosedBecause => _closedBecause;

    /// <summary>Connects to a control port; refuses anything but a loopback address.</summary>
    public static async Task<TorResult<TorControlConnection>> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        if (!IPAddress.IsLoopback(endPoint.Address))
        {
            throw new ArgumentException("tor's control port is only ever reached on loopback.", nameof(endPoint));
        }

        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            socket.Dispose();
            return TorFailure.ControlConnectionClosed;
        }

        return TorResult<TorControlConnection>.Ok(new TorControlConnection(new NetworkStream(socket, ownsSocket: true)));
    }

    /// <summary>Sends one command line (no CR or LF inside) and waits for its reply.</summary>
    public Task<TorResult<ControlReply>> SendAsync(string command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return SendAsync(Encoding.ASCII.GetBytes(command), cancellationToken);
    }

    /// <summary>
    /// Sends one command line given as ASCII bytes (so a caller can pass a secret argument in a buffer it
    /// wipes afterwards) and waits for its reply. A CR, LF or non-ASCII byte in the command is a caller bug.
    /// </summary>
    public async Task<TorResult<ControlReply>> SendAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
    {
        if (command.Length is 0 or > MaxCommandLength)
        {
            throw new ArgumentException("A control command is 1 to 4096 bytes.", nameof(command));
        }

        foreach (var b in command.Span)
        {
            if (b is < 0x20 or > 0x7E)
            {
                throw new ArgumentException("A control command is one line of printable ASCII.", nameof(command));
            }
        }

        var reply = new TaskCompletionSource<TorResult<ControlReply>>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        var line = new byte[command.Length + 2];
        try
        {
            lock (_pendingLock)
            {
                if (_closedBecause != TorFailure.None)
                {
                    return _closedBecause;
                }

                _pending.Enqueue(reply);
            }

            command.Span.CopyTo(line);
            line[^2] = (byte)'\r';
            line[^1] = (byte)'\n';
            await _stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            Close(TorFailure.ControlConnectionClosed);
        }
        catch (ObjectDisposedException)
        {
            Close(TorFailure.ControlConnectionClosed);
        }
        finally
        {
            Array.Clear(line);
            _writeLock.Release();
        }

        using (cancellationToken.Register(() => reply.TrySetCanceled(cancellationToken)))
        {
            return await reply.Task.ConfigureAwait(false);
        }
    }

    private async Task ReadLoopAsync()
    {
        var reader = new ControlReplyReader();
        var buffer = new byte[4096];
        var completed = new List<ControlReply>();
        var reason = TorFailure.ControlConnectionClosed;
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(buffer, _closing.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                var error = reader.Feed(buffer.AsSpan(0, read), completed);
                foreach (var reply in completed)
                {
                    Deliver(reply);
                }

                completed.Clear();
                if (error != ControlReplyError.None)
                {
                    reason = TorFailure.MalformedReply;
                    break;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (OperationCanceledException)
        {
        }

        Close(reason);
    }

    private void Deliver(ControlReply reply)
    {
        if (reply.StatusCode / 100 == 6)
        {
            _events.Writer.TryWrite(reply);
            return;
        }

        TaskCompletionSource<TorResult<ControlReply>>? waiting;
        lock (_pendingLock)
        {
            _pending.TryDequeue(out waiting);
        }

        // A reply nobody asked for means we and tor disagree about the conversation: stop trusting it.
        if (waiting is null)
        {
            Close(TorFailure.UnexpectedReply);
            return;
        }

        waiting.TrySetResult(TorResult<ControlReply>.Ok(reply));
    }

    private void Close(TorFailure reason)
    {
        TaskCompletionSource<TorResult<ControlReply>>[] orphans;
        lock (_pendingLock)
        {
            if (_closedBecause != TorFailure.None)
            {
                return;
            }

            _closedBecause = reason;
            orphans = [.. _pending];
            _pending.Clear();
        }

        foreach (var orphan in orphans)
        {
            orphan.TrySetResult(reason);
        }

        _events.Writer.TryComplete();
        _closing.Cancel();
        _stream.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Close(TorFailure.ControlConnectionClosed);
        await _readLoop.ConfigureAwait(false);
        _closing.Dispose();
        _writeLock.Dispose();
    }
}
