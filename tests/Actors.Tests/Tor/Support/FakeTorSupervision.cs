using Akka.Actor;
using Akka.TestKit;
using Pvtcoms.Actors.Tor.Dialing;
using Pvtcoms.Actors.Tor.Supervision;

namespace Pvtcoms.Actors.Tests.Tor.Support;

/// <summary>
/// A <see cref="TorSupervisorActor"/> over a <see cref="FakeTorLauncher"/>, set up as the supervisor tests need it: fast
/// backoff settings, one <see cref="TorReadiness"/>, and a probe on the EventStream for <see cref="TorStatus"/> and
/// whatever else a test class follows.
/// </summary>
internal sealed class FakeTorSupervision
{
    /// <summary>20 ms first backoff, 200 ms at most, 5 s to launch, 20 ms between ADD_ONION retries.</summary>
    public static readonly TorSupervisorSettings FastSettings = new(
        TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(20));

    /// <summary>How long a test waits for an event or an answer.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly TestKitBase _kit;

    public FakeTorSupervision(TestKitBase kit, params Type[] alsoFollowed)
    {
        _kit = kit;
        Events = kit.CreateTestProbe();
        kit.Sys.EventStream.Subscribe(Events.Ref, typeof(TorStatus));
        foreach (var type in alsoFollowed)
        {
            kit.Sys.EventStream.Subscribe(Events.Ref, type);
        }
    }

    public TorReadiness Readiness { get; } = new();

    /// <summary>Receives every published <see cref="TorStatus"/> and the other followed events.</summary>
    public TestProbe Events { get; }

    /// <summary>A supervisor over <paramref name="launcher"/> (with <see cref="FastSettings"/> unless told otherwise).</summary>
    public IActorRef Start(FakeTorLauncher launcher, TorSupervisorSettings? settings = null) =>
        _kit.Sys.ActorOf(TorSupervisorActor.Props(launcher, Readiness, settings ?? FastSettings));

    /// <summary>A supervisor whose first fake tor has bootstrapped to 100 % and been reported ready.</summary>
    public async Task<(IActorRef Supervisor, FakeTorSession Session)> StartReadyAsync(FakeTorLauncher launcher, TorSupervisorSettings? settings = null)
    {
        var supervisor = Start(launcher, settings);
        var session = await launcher.SessionAsync(0);
        session.Report(100);
        await StatusAsync(s => s.IsReady);
        return (supervisor, session);
    }

    /// <summary>The next published status that matches (earlier ones are skipped).</summary>
    public Task<TorStatus> StatusAsync(Predicate<TorStatus> predicate) => Events.FishForMessageAsync(predicate, Wait).AsTask();
}
