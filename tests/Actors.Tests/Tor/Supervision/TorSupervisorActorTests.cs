using System.Net;
using Akka.Actor;
using Akka.TestKit;
using Pvtcoms.Actors.Tests.Tor.Support;
using Pvtcoms.Actors.Tor;
using Pvtcoms.Actors.Tor.Dialing;
using Pvtcoms.Actors.Tor.Supervision;
using Pvtcoms.Protocol.Onion;

namespace Pvtcoms.Actors.Tests.Tor.Supervision;

public sealed class TorSupervisorActorTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan s_wait = FakeTorSupervision.Wait;

    private readonly FakeTorSupervision _tor;
    private readonly TorReadiness _readiness;
    private readonly TestProbe _events;

    public TorSupervisorActorTests()
    {
        _tor = new FakeTorSupervision(this, typeof(OnionServicePublished));
        _readiness = _tor.Readiness;
        _events = _tor.Events;
    }

    private IActorRef Supervisor(FakeTorLauncher launcher) => _tor.Start(launcher);

    private static OnionServiceKey Key(byte fill) => OnionServiceKey.FromSeed(Enumerable.Repeat(fill, OnionServiceKey.SeedLength).ToArray());

    private Task<TorStatus> StatusAsync(Predicate<TorStatus> predicate) => _tor.StatusAsync(predicate);

    [Fact]
    public async Task Status_goes_from_starting_through_bootstrapping_to_ready_and_the_dialer_sees_the_socks_port()
    {
        var launcher = new FakeTorLauncher();
        Supervisor(launcher);

        await StatusAsync(s => s.Phase == TorPhase.Starting);
        var session = await launcher.SessionAsync(0);
        Assert.Null(_readiness.SocksEndPointIfReady);
        session.Report(45);
        var bootstrapping = await StatusAsync(s => s.BootstrapPercent == 45);
        session.Report(100);
        var ready = await StatusAsync(s => s.Phase == TorPhase.Ready);

        Assert.Equal(TorPhase.Bootstrapping, bootstrapping.Phase);
        Assert.Equal(session.SocksEndPoint, ready.SocksEndPoint);
        Assert.Equal(session.SocksEndPoint, _readiness.SocksEndPointIfReady);
    }

    [Fact]
    public async Task Registering_a_service_answers_with_the_locally_computed_address_before_tor_runs()
    {
        var launcher = new FakeTorLauncher { Hang = true };
        var supervisor = Supervisor(launcher);
        using var expected = Key(1);

        supervisor.Tell(new AddOnionService("profile", Key(1), 80, new IPEndPoint(IPAddress.Loopback, 5000)), TestActor);

        var registered = await ExpectMsgAsync<OnionServiceRegistered>(s_wait);
        Assert.Equal(expected.Address, registered.Address);
        Assert.Equal("profile", registered.Name);
    }

    [Fact]
    public async Task A_service_registered_before_tor_runs_is_published_once_tor_is_up()
    {
        var launcher = new FakeTorLauncher();
        var supervisor = Supervisor(launcher);
        supervisor.Tell(new AddOnionService("profile", Key(2), 80, new IPEndPoint(IPAddress.Loopback, 5000)), TestActor);
        var registered = await ExpectMsgAsync<OnionServiceRegistered>(s_wait);

        var published = await _events.FishForMessageAsync<OnionServicePublished>(_ => true, s_wait);
        var session = await launcher.SessionAsync(0);

        Assert.Equal(registered.Address, published.Address);
        Assert.Equal((registered.Address, 80, new IPEndPoint(IPAddress.Loopback, 5000)), Assert.Single(session.AddedServices));
    }

    [Fact]
    public async Task When_tor_dies_it_is_relaunched_and_every_service_is_published_on_the_new_tor()
    {
        var launcher = new FakeTorLauncher();
        var supervisor = Supervisor(launcher);
        supervisor.Tell(new AddOnionService("profile", Key(3), 80, new IPEndPoint(IPAddress.Loopback, 5000)), TestActor);
        supervisor.Tell(new AddOnionService("relay", Key(4), 443, new IPEndPoint(IPAddress.Loopback, 5001)), TestActor);
        var first = await launcher.SessionAsync(0);
        first.Report(100);
        await StatusAsync(s => s.IsReady && s.PublishedServices.Count == 2);

        first.Die();

        var restarting = await StatusAsync(s => s.Phase == TorPhase.Restarting);
        Assert.Null(restarting.SocksEndPoint);
        var second = await launcher.SessionAsync(1);
        second.Report(100);
        var ready = await StatusAsync(s => s.IsReady && s.PublishedServices.Count == 2);

        Assert.Equal(1, ready.Restarts);
        Assert.Equal(2, second.AddedServices.Count);
        Assert.Equal(second.SocksEndPoint, _readiness.SocksEndPointIfReady);
        await first.Disposed.Task.WaitAsync(s_wait);
    }

    [Fact]
    public async Task Launch_failures_are_retried_with_backoff_until_tor_comes_up()
    {
        var launcher = new FakeTorLauncher(TorFailure.ProcessExited, TorFailure.ControlPortFileMissing, TorFailure.Timeout);
        Supervisor(launcher);

        var session = await launcher.SessionAsync(0);
        session.Report(100);
        var ready = await StatusAsync(s => s.IsReady);

        Assert.Equal(4, launcher.Launches);
        Assert.Equal(3, ready.Restarts);
    }

    [Fact]
    public async Task A_refused_add_onion_is_retried_on_the_same_tor()
    {
        var launcher = new FakeTorLauncher();
        var supervisor = Supervisor(launcher);
        var session = await launcher.SessionAsync(0);
        session.AddOnionFailuresLeft = 2;

        supervisor.Tell(new AddOnionService("profile", Key(5), 80, new IPEndPoint(IPAddress.Loopback, 5000)), TestActor);

        await _events.FishForMessageAsync<OnionServicePublished>(_ => true, s_wait);
        Assert.Single(session.AddedServices);
        Assert.Equal(0, session.AddOnionFailuresLeft);
    }

    [Fact]
    public async Task Stopping_the_supervisor_stops_tor_and_reports_stopped()
    {
        var (supervisor, session) = await _tor.StartReadyAsync(new FakeTorLauncher());

        Watch(supervisor);
        Sys.Stop(supervisor);
        await ExpectTerminatedAsync(supervisor, s_wait);

        Assert.True(session.Disposed.Task.IsCompleted);
        await StatusAsync(s => s.Phase == TorPhase.Stopped);
        Assert.Null(_readiness.SocksEndPointIfReady);
    }

    [Fact]
    public async Task Stopping_while_tor_is_still_launching_cancels_the_launch()
    {
        var launcher = new FakeTorLauncher { Hang = true };
        var supervisor = Supervisor(launcher);
        await AwaitAssertAsync(() => Assert.Equal(1, launcher.Launches), s_wait);

        Watch(supervisor);
        Sys.Stop(supervisor);

        await ExpectTerminatedAsync(supervisor, s_wait);
        await StatusAsync(s => s.Phase == TorPhase.Stopped);
    }

    [Fact]
    public async Task The_current_status_can_be_asked_for()
    {
        var (supervisor, _) = await _tor.StartReadyAsync(new FakeTorLauncher());

        var status = await supervisor.Ask<TorStatus>(GetTorStatus.Instance, s_wait);

        Assert.True(status.IsReady);
        Assert.Equal(100, status.BootstrapPercent);
    }
}
