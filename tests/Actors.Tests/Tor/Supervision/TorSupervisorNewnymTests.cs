using Akka.Actor;
using Akka.TestKit;
using Pvtcoms.Actors.Tests.Tor.Support;
using Pvtcoms.Actors.Tor;
using Pvtcoms.Actors.Tor.Dialing;
using Pvtcoms.Actors.Tor.Supervision;

namespace Pvtcoms.Actors.Tests.Tor.Supervision;

/// <summary>ForgetOnionState → SIGNAL NEWNYM on the running tor (ADR 0068), against a fake tor session.</summary>
public sealed class TorSupervisorNewnymTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan s_wait = FakeTorSupervision.Wait;
    private static readonly TimeSpan s_quiet = TimeSpan.FromMilliseconds(300);

    private readonly FakeTorSupervision _tor;
    private readonly TestProbe _events;

    public TorSupervisorNewnymTests()
    {
        _tor = new FakeTorSupervision(this, typeof(OnionStateForgotten));
        _events = _tor.Events;
    }

    private static TorSupervisorSettings Settings(TimeSpan interval) =>
        FakeTorSupervision.FastSettings with { ForgetOnionStateInterval = interval };

    private Task<(IActorRef Supervisor, FakeTorSession Session)> ReadyTorAsync(FakeTorLauncher launcher, TimeSpan interval) =>
        _tor.StartReadyAsync(launcher, Settings(interval));

    [Fact]
    public async Task Forgetting_onion_state_sends_one_signal_newnym_to_the_ready_tor_and_says_so()
    {
        var launcher = new FakeTorLauncher();
        var (supervisor, session) = await ReadyTorAsync(launcher, TimeSpan.FromMinutes(1));

        supervisor.Tell(ForgetOnionState.Instance);

        var forgotten = await _events.FishForMessageAsync<OnionStateForgotten>(_ => true, s_wait);
        Assert.Equal(1, session.NewnymSignals);
        Assert.Equal(1, forgotten.Generation);
    }

    [Fact]
    public async Task A_second_request_within_the_interval_sends_nothing_more()
    {
        var launcher = new FakeTorLauncher();
        var (supervisor, session) = await ReadyTorAsync(launcher, TimeSpan.FromMinutes(1));

        supervisor.Tell(ForgetOnionState.Instance);
        await _events.FishForMessageAsync<OnionStateForgotten>(_ => true, s_wait);
        supervisor.Tell(ForgetOnionState.Instance);
        supervisor.Tell(ForgetOnionState.Instance);

        // The status answer is ordered after both requests in the mailbox: by then they have been handled.
        await supervisor.Ask<TorStatus>(GetTorStatus.Instance, s_wait);
        await _events.ExpectNoMsgAsync(s_quiet);
        Assert.Equal(1, session.NewnymSignals);
    }

    [Fact]
    public async Task After_the_interval_another_request_is_sent()
    {
        var launcher = new FakeTorLauncher();
        var (supervisor, session) = await ReadyTorAsync(launcher, TimeSpan.FromMilliseconds(500));
        var forgotten = CreateTestProbe();
        Sys.EventStream.Subscribe(forgotten.Ref, typeof(OnionStateForgotten));

        supervisor.Tell(ForgetOnionState.Instance);
        await forgotten.ExpectMsgAsync<OnionStateForgotten>(s_wait);

        // Ask every 200 ms until tor is told again: requests inside the 500 ms are dropped, the first after it is sent.
        var requests = 0;
        while (!forgotten.HasMessages && requests < 50)
        {
            supervisor.Tell(ForgetOnionState.Instance);
            requests++;
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        await forgotten.ExpectMsgAsync<OnionStateForgotten>(s_wait);
        Assert.InRange(requests, 1, 49);
        Assert.Equal(2, session.NewnymSignals);
    }

    [Fact]
    public async Task Nothing_is_sent_while_tor_is_not_bootstrapped()
    {
        var launcher = new FakeTorLauncher();
        var supervisor = _tor.Start(launcher, Settings(TimeSpan.FromMinutes(1)));
        var session = await launcher.SessionAsync(0);
        session.Report(50);
        await _events.FishForMessageAsync<TorStatus>(s => s.BootstrapPercent == 50, s_wait);

        supervisor.Tell(ForgetOnionState.Instance);

        await supervisor.Ask<TorStatus>(GetTorStatus.Instance, s_wait);
        Assert.Equal(0, session.NewnymSignals);

        // The request was dropped, not kept for later: becoming ready sends nothing.
        session.Report(100);
        await _events.FishForMessageAsync<TorStatus>(s => s.IsReady, s_wait);
        await _events.ExpectNoMsgAsync(s_quiet);
        Assert.Equal(0, session.NewnymSignals);
    }

    [Fact]
    public async Task A_refused_newnym_is_not_reported_as_done()
    {
        var launcher = new FakeTorLauncher();
        var (supervisor, session) = await ReadyTorAsync(launcher, TimeSpan.FromMinutes(1));
        session.NewnymAnswer = TorFailure.CommandRefused;

        supervisor.Tell(ForgetOnionState.Instance);

        await AwaitAssertAsync(() => Assert.Equal(1, session.NewnymSignals), s_wait);
        await _events.ExpectNoMsgAsync(s_quiet);
    }

    [Fact]
    public async Task Repeated_failed_dials_through_the_reachability_reach_tor_as_one_newnym()
    {
        var launcher = new FakeTorLauncher();
        var (supervisor, session) = await ReadyTorAsync(launcher, TimeSpan.FromMinutes(1));
        var clock = new Pvtcoms.Actors.Tests.Support.ManualClock();
        var onions = new OnionReachability(clock, () => supervisor.Tell(ForgetOnionState.Instance));
        var failure = new DialResult.Failed(DialFailure.SocksRefused, Socks5ReplyCode.OnionServiceIntroductionTimedOut);
        const string host = "25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid.onion";

        for (var i = 0; i < 6; i++)
        {
            onions.RecordFailure(host, failure);
            clock.Advance(TimeSpan.FromSeconds(5));
        }

        await _events.FishForMessageAsync<OnionStateForgotten>(_ => true, s_wait);
        await supervisor.Ask<TorStatus>(GetTorStatus.Instance, s_wait);
        Assert.Equal(1, session.NewnymSignals);
        Assert.Equal(1, onions.RecoveriesRequested);
    }
}
