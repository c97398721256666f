using System.Runtime.InteropServices;

namespace Pvtcoms.Host.Desktop;

/// <summary>Completes on Ctrl-C (SIGINT), SIGTERM or the given token, so the caller can stop everything in order.</summary>
public sealed class ShutdownSignal : IDisposable
{
    private readonly TaskCompletionSource _signalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private readonly CancellationTokenRegistration _token;

    public ShutdownSignal(CancellationToken cancellationToken)
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        _token = cancellationToken.Register(() => _signalled.TrySetResult());
    }

    public Task Signalled => _signalled.Task;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _signalled.TrySetResult();
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _token.Dispose();
    }
}
