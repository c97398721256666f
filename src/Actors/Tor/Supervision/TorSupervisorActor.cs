using Akka.Actor;
using Akka.Event;
using Pvtcoms.Actors.Tor.Dialing;

namespace Pvtcoms.Actors.Tor.Supervision;

/// <summary>
/// Owns the app's tor: launches it (through an <see cref="ITorLauncher"/>), follows its bootstrap,
/// publishes <see cref="TorStatus"/> on the EventStream, (re)publishes every registered onion service on
/// each new tor, relaunches tor with bounded exponential backoff when it dies, and stops it in PostStop.
/// tor's readiness is mirrored into a <see cref="TorReadiness"/> for the <see cref="FailClosedDialer"/>.
/// </summary>
public sealed class TorSupervisorActor : ReceiveActor, IWithTimers
{
    private const string RelaunchTimer = "relaunch";
    private const string NewnymQuietTimer = "newnym-quiet";

    private readonly ITorLauncher _launcher;
    private readonly TorSupervisorSettings _settings;
    private readonly TorReadiness _readiness;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private TorSupervisorState _state = TorSupervisorState.Initial;
    private ITorSession? _session;
    private Task _retiring = Task.CompletedTask;
    private Task _launching = Task.CompletedTask;
    private CancellationTokenSource _stopping = new();
    private bool _newnymQuiet;

    public TorSupervisorActor(ITorLauncher launcher, TorSupervisorSettings settings, TorReadiness readiness)
    {
        _launcher = launcher;
        _settings = settings;
        _readiness = readiness;

        Receive<LaunchTor>(m => m.Generation == _state.Generation, _ => Launch());
        Receive<TorLaunched>(OnLaunched);
        Receive<TorLaunchFailed>(m => m.Generation == _state.Generation, OnLaunchFailed);
        Receive<BootstrapUpdated>(m => m.Generation == _state.Generation && _state.HasSession, m => Update(_state.Bootstrapped(m.Progress)));
        Receive<TorSessionEnded>(m => m.Generation == _state.Generation && _state.HasSession, _ => OnSessionEnded());
        Receive<AddOnionService>(OnAddOnionService);
        Receive<PublishService>(m => m.Generation == _state.Generation && _state.HasSession, m => Publish(m.Name));
        Receive<ServicePublished>(m => m.Generation == _state.Generation && _state.HasSession, OnServicePublished);
        Receive<ServicePublishFailed>(m => m.Generation == _state.Generation && _state.HasSession, OnServicePublishFailed);
        Receive<ForgetOnionState>(_ => OnForgetOnionState());
        Receive<NewnymAnswered>(OnNewnymAnswered);
        Receive<NewnymQuietOver>(_ => _newnymQuiet = false);
        Receive<GetTorStatus>(_ => Sender.Tell(_state.ToStatus()));
        // Messages of an older tor generation fall through to here and are dropped on purpose.
        ReceiveAny(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ITorLauncher launcher, TorReadiness readiness, TorSupervisorSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(launcher);
        ArgumentNullException.ThrowIfNull(readiness);
        return Akka.Actor.Props.Create(() => new TorSupervisorActor(launcher, settings ?? TorSupervisorSettings.Default, readiness));
    }

    /// <summary>
    /// No children today; should one be added (a per-session reader, say), its crash must not take the
    /// supervisor down: stop the child, and the supervisor's own "tor ended" path relaunches tor.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(maxNrOfRetries: 0, withinTimeRange: TimeSpan.Zero, localOnlyDecider: _ => Directive.Stop);

    protected override void PreStart()
    {
        Context.System.EventStream.Publish(_state.ToStatus());
        Launch();
    }

    private void Launch()
    {
        Update(_state.Launching());
        var generation = _state.Generation;
        var retiring = _retiring;
        var launcher = _launcher;
        var stopping = _stopping.Token;
        var timeout = _settings.LaunchTimeout;
        var launching = Task.Run(async () =>
        {
            await retiring.ConfigureAwait(false);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            deadline.CancelAfter(timeout);
            TorResult<ITorSession> launched;
            try
            {
                launched = await launcher.LaunchAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return (object)new TorLaunchFailed(generation, TorFailure.Timeout);
            }

            if (!launched.IsOk)
            {
                return new TorLaunchFailed(generation, launched.Failure);
            }

            if (stopping.IsCancellationRequested)
            {
                await launched.Value.DisposeAsync().ConfigureAwait(false);
                return new TorLaunchFailed(generation, TorFailure.Timeout);
            }

            return new TorLaunched(generation, launched.Value);
        }, CancellationToken.None);
        _launching = launching;
        launching.PipeTo(Self);
    }

    private void OnLaunched(TorLaunched launched)
    {
        if (launched.Generation != _state.Generation || _session is not null)
        {
            _ = launched.Session.DisposeAsync().AsTask();
            return;
        }

        var session = launched.Session;
        _session = session;
        Update(_state.Launched(session.SocksEndPoint, session.ProcessId, session.InitialBootstrap));

        var self = Self;
        var generation = launched.Generation;
        _ = Task.Run(async () =>
        {
            await foreach (var progress in session.BootstrapUpdates.ReadAllAsync().ConfigureAwait(false))
            {
                self.Tell(new BootstrapUpdated(generation, progress));
            }
        });
        session.Ended.ContinueWith(_ => new TorSessionEnded(generation), TaskScheduler.Default).PipeTo(self);

        foreach (var name in _state.Services.Keys)
        {
            Publish(name);
        }
    }

    private void OnLaunchFailed(TorLaunchFailed failed)
    {
        _log.Warning("tor did not start: {0}", failed.Failure);
        ScheduleRelaunch(_state.Ended());
    }

    private void OnSessionEnded()
    {
        _log.Warning("tor ended; relaunching");
        RetireSession();
        ScheduleRelaunch(_state.Ended());
    }

    private void ScheduleRelaunch(TorSupervisorState ended)
    {
        Update(ended);
        Timers.StartSingleTimer(RelaunchTimer, new LaunchTor(_state.Generation), _state.Backoff(_settings));
    }

    private void RetireSession()
    {
        if (_session is null)
        {
            return;
        }

        var session = _session;
        _session = null;
        _retiring = Task.Run(async () => await session.DisposeAsync().ConfigureAwait(false));
    }

    private void OnAddOnionService(AddOnionService add)
    {
        if (_state.Services.TryGetValue(add.Name, out var previous) && !ReferenceEquals(previous.Key, add.Key))
        {
            previous.Key.Dispose();
        }

        Update(_state.Registered(new OnionServiceRegistration(add.Name, add.Key, add.VirtualPort, add.Target)));
        Sender.Tell(new OnionServiceRegistered(add.Name, add.Key.Address));
        if (_state.HasSession)
        {
            Publish(add.Name);
        }
    }

    private void Publish(string name)
    {
        if (_session is null || !_state.Services.TryGetValue(name, out var service))
        {
            return;
        }

        var generation = _state.Generation;
        var session = _session;
        var stopping = _stopping.Token;
        Task.Run(async () =>
        {
            var added = await session.AddOnionServiceAsync(service.Key, service.VirtualPort, service.Target, stopping).ConfigureAwait(false);
            return added.IsOk
                ? (object)new ServicePublished(generation, name, added.Value)
                : new ServicePublishFailed(generation, name, added.Failure);
        }, CancellationToken.None).PipeTo(Self);
    }

    private void OnServicePublished(ServicePublished published)
    {
        Update(_state.ServicePublished(published.Name));
        Context.System.EventStream.Publish(new OnionServicePublished(published.Name, published.Address, published.Generation));
    }

    private void OnServicePublishFailed(ServicePublishFailed failed)
    {
        _log.Warning("ADD_ONION for service {0} failed: {1}", failed.Name, failed.Failure);
        Timers.StartSingleTimer("publish:" + failed.Name, new PublishService(failed.Generation, failed.Name), _settings.PublishRetry);
    }

    /// <summary>SIGNAL NEWNYM on the running tor, at most once per ForgetOnionStateInterval (ADR 0068).</summary>
    private void OnForgetOnionState()
    {
        if (_session is null || _state.Phase != TorPhase.Ready || _newnymQuiet)
        {
            return;
        }

        _newnymQuiet = true;
        Timers.StartSingleTimer(NewnymQuietTimer, NewnymQuietOver.Instance, _settings.ForgetOnionStateInterval);
        var generation = _state.Generation;
        var session = _session;
        var stopping = _stopping.Token;
        Task.Run(async () =>
        {
            try
            {
                return new NewnymAnswered(generation, await session.SignalNewnymAsync(stopping).ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
                return new NewnymAnswered(generation, TorFailure.Timeout);
            }
        }, CancellationToken.None).PipeTo(Self);
    }

    private void OnNewnymAnswered(NewnymAnswered answered)
    {
        if (answered.Failure != TorFailure.None)
        {
            _log.Warning("SIGNAL NEWNYM failed: {0}", answered.Failure);
            return;
        }

        _log.Info("tor told to forget cached onion state (SIGNAL NEWNYM)");
        Context.System.EventStream.Publish(new OnionStateForgotten(answered.Generation));
    }

    private void Update(TorSupervisorState next)
    {
        var status = next.ToStatus();
        var previous = _state.ToStatus();
        var changed = status with { PublishedServices = previous.PublishedServices } != previous
            || !status.PublishedServices.SetEquals(previous.PublishedServices);
        _state = next;
        if (status.IsReady && status.SocksEndPoint is not null)
        {
            _readiness.MarkReady(status.SocksEndPoint);
        }
        else
        {
            _readiness.MarkNotReady();
        }

        if (changed)
        {
            Context.System.EventStream.Publish(status);
        }
    }

    protected override void PostStop()
    {
        _readiness.MarkNotReady();
        _stopping.Cancel();
        RetireSession();
        // Stop tor before this actor is gone: wait for a launch in flight (it disposes what it started) and the retiring session.
        var stopped = Task.WhenAll(_launching, _retiring).Wait(TimeSpan.FromSeconds(30));
        if (!stopped)
        {
            _log.Error("tor did not stop within 30 s");
        }

        _state = _state.Stopped();
        Context.System.EventStream.Publish(_state.ToStatus());
        foreach (var service in _state.Services.Values)
        {
            service.Key.Dispose();
        }

        _stopping.Dispose();
        _stopping = new CancellationTokenSource();
    }
}
