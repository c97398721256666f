using Microsoft.AspNetCore.Components;
using Pvtcoms.Ui.Blazor.Engine;

namespace Pvtcoms.Ui.Blazor.Components;

/// <summary>
/// A component that shows engine state: it re-reads what it shows when the session reports a change
/// (raised on any thread; marshalled onto the circuit's dispatcher here) and unsubscribes when disposed.
/// </summary>
public abstract class SessionComponent : ComponentBase, IDisposable
{
    private bool _disposed;

    [Inject]
    protected IMessengerSession Session { get; set; } = default!;

    protected CancellationToken Lifetime => _lifetime.Token;

    private readonly CancellationTokenSource _lifetime = new();

    protected override void OnInitialized() => Session.Changed += OnSessionChanged;

    /// <summary>Reload what the component shows after <paramref name="change"/>; return false to skip rendering.</summary>
    protected abstract Task<bool> ReloadAsync(SessionChangedEventArgs change);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (disposing)
        {
            Session.Changed -= OnSessionChanged;
            _lifetime.Cancel();
            _lifetime.Dispose();
        }
    }

    private void OnSessionChanged(object? sender, SessionChangedEventArgs change) =>
        _ = InvokeAsync(async () =>
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                if (await ReloadAsync(change).ConfigureAwait(true))
                {
                    StateHasChanged();
                }
            }
            catch (OperationCanceledException) when (_disposed)
            {
                // The component went away while reloading.
            }
        });
}
