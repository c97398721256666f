using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Pvtcoms.Relay.Service;

namespace Pvtcoms.Relay.Http;

/// <summary>
/// Graceful shutdown that does not depend on the order in which the host stops its services: when stopping
/// begins (SIGTERM), new requests are turned away with 503 and the host waits until every request already in
/// flight (a deposit still arriving included) has been answered, before Kestrel and the actor system stop.
/// </summary>
public sealed class RequestDrain : IHostedLifecycleService
{
    private readonly TimeSpan _timeout;
    private int _inFlight;
    private volatile bool _stopping;

    public RequestDrain(TimeSpan timeout)
    {
        _timeout = timeout;
    }

    public int InFlight => Volatile.Read(ref _inFlight);

    public IApplicationBuilder Attach(IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (_stopping)
            {
                context.Response.Headers.Connection = "close";
                await RelayEndpoints.WriteRefusalAsync(context, RelayRefusal.Busy with { Reason = "shutting-down" }).ConfigureAwait(false);
                return;
            }

            Interlocked.Increment(ref _inFlight);
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        });

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var deadline = DateTime.UtcNow + _timeout;
        while (InFlight > 0 && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(20, CancellationToken.None).ConfigureAwait(false);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
