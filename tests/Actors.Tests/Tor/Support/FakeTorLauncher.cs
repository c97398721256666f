using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Pvtcoms.Actors.Tor;
using Pvtcoms.Protocol.Onion;

namespace Pvtcoms.Actors.Tests.Tor.Support;

/// <summary>A tor the test drives by hand: bootstrap phases, death, and what ADD_ONION answers.</summary>
internal sealed class FakeTorSession(int number) : ITorSession
{
    private readonly Channel<BootstrapProgress> _bootstrap = Channel.CreateUnbounded<BootstrapProgress>();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Number { get; } = number;

    public IPEndPoint SocksEndPoint { get; } = new(IPAddress.Loopback, 19000 + number);

    public int? ProcessId => null;

    public BootstrapProgress InitialBootstrap { get; init; } = new(0, "starting", "Starting");

    public ChannelReader<BootstrapProgress> BootstrapUpdates => _bootstrap.Reader;

    public Task Ended => _ended.Task;

    public TaskCompletionSource Disposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<(OnionAddress Address, int VirtualPort, IPEndPoint Target)> AddedServices { get; } = new();

    public int AddOnionFailuresLeft { get; set; }

    public void Report(int percent) => _bootstrap.Writer.TryWrite(new BootstrapProgress(percent, percent == 100 ? "done" : "conn", percent == 100 ? "Done" : "Connecting"));

    public void Die() => _ended.TrySetResult();

    public Task<TorResult<OnionAddress>> AddOnionServiceAsync(OnionServiceKey key, int virtualPort, IPEndPoint target, CancellationToken cancellationToken)
    {
        if (AddOnionFailuresLeft > 0)
        {
            AddOnionFailuresLeft--;
            return Task.FromResult(TorResult<OnionAddress>.Fail(TorFailure.CommandRefused));
        }

        AddedServices.Enqueue((key.Address, virtualPort, target));
        return Task.FromResult(TorResult<OnionAddress>.Ok(key.Address));
    }

    /// <summary>How many SIGNAL NEWNYM the supervisor sent to this tor.</summary>
    public int NewnymSignals => Volatile.Read(ref _newnymSignals);

    /// <summary>What SIGNAL NEWNYM answers (None = 250 OK).</summary>
    public TorFailure NewnymAnswer { get; set; }

    private int _newnymSignals;

    public Task<TorFailure> SignalNewnymAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _newnymSignals);
        return Task.FromResult(NewnymAnswer);
    }

    public ValueTask DisposeAsync()
    {
        _bootstrap.Writer.TryComplete();
        _ended.TrySetResult();
        Disposed.TrySetResult();
        return ValueTask.CompletedTask;
    }
}

internal sealed class FakeTorLauncher : ITorLauncher
{
    private readonly ConcurrentQueue<TorFailure> _failures = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<FakeTorSession>> _sessions = new();
    private int _launches;
    private int _sessionCount;

    public FakeTorLauncher(params TorFailure[] failuresFirst)
    {
        foreach (var failure in failuresFirst)
        {
            _failures.Enqueue(failure);
        }
    }

    public int Launches => Volatile.Read(ref _launches);

    /// <summary>When set, launches never complete (tor "hangs" starting).</summary>
    public bool Hang { get; init; }

    public async Task<TorResult<ITorSession>> LaunchAsync(CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _launches);
        if (Hang)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (_failures.TryDequeue(out var failure))
        {
            return failure;
        }

        var session = new FakeTorSession(number);
        Slot(Interlocked.Increment(ref _sessionCount) - 1).TrySetResult(session);
        return TorResult<ITorSession>.Ok(session);
    }

    /// <summary>The index-th session handed out (0-based), waiting up to 10 s for it.</summary>
    public Task<FakeTorSession> SessionAsync(int index) => Slot(index).Task.WaitAsync(TimeSpan.FromSeconds(10));

    private TaskCompletionSource<FakeTorSession> Slot(int index) =>
        _sessions.GetOrAdd(index, _ => new TaskCompletionSource<FakeTorSession>(TaskCreationOptions.RunContinuationsAsynchronously));
}
