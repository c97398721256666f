using System.Net;
using Pvtcoms.Actors.Tor;
using Pvtcoms.Actors.Tor.Supervision;

namespace Pvtcoms.Actors.Tests.Tor.Supervision;

public sealed class TorSupervisorStateTests
{
    private static readonly TorSupervisorSettings s_settings = new(
        TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(2));

    private static readonly IPEndPoint s_socks = new(IPAddress.Loopback, 9050);

    [Fact]
    public void Backoff_doubles_with_each_consecutive_failure_and_stops_at_the_maximum()
    {
        var state = TorSupervisorState.Initial.Launching();
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 10; i++)
        {
            state = state.Ended();
            delays.Add(state.Backoff(s_settings));
            state = state.Launching();
        }

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60, 60], delays.Select(d => (int)d.TotalSeconds));
    }

    [Fact]
    public void Reaching_100_percent_makes_tor_ready_and_forgives_earlier_failures()
    {
        var state = TorSupervisorState.Initial.Launching().Ended().Launching().Ended().Launching()
            .Launched(s_socks, 4242, new BootstrapProgress(10, "conn", "Connecting"));
        Assert.Equal(TorPhase.Bootstrapping, state.Phase);
        Assert.Equal(2, state.ConsecutiveFailures);

        state = state.Bootstrapped(new BootstrapProgress(100, "done", "Done"));

        Assert.Equal(TorPhase.Ready, state.Phase);
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Equal(2, state.Restarts);
        Assert.Equal(s_socks, state.ToStatus().SocksEndPoint);
    }

    [Fact]
    public void The_socks_port_is_only_shown_while_tor_is_ready()
    {
        var bootstrapping = TorSupervisorState.Initial.Launching().Launched(s_socks, 4242, new BootstrapProgress(50, "x", "y"));

        Assert.Null(bootstrapping.ToStatus().SocksEndPoint);
        Assert.Null(bootstrapping.Bootstrapped(new BootstrapProgress(100, "done", "Done")).Ended().ToStatus().SocksEndPoint);
    }

    [Fact]
    public void A_new_tor_starts_a_new_generation_with_nothing_published()
    {
        var state = TorSupervisorState.Initial.Launching().Launched(s_socks, 4242, new BootstrapProgress(100, "done", "Done"))
            .ServicePublished("profile");
        Assert.Contains("profile", state.ToStatus().PublishedServices);

        var relaunched = state.Ended().Launching();

        Assert.Equal(state.Generation + 1, relaunched.Generation);
        Assert.Equal(TorPhase.Restarting, relaunched.Phase);
        Assert.Empty(relaunched.Published);
    }

    [Fact]
    public void Bootstrap_news_without_a_running_tor_changes_nothing()
    {
        var restarting = TorSupervisorState.Initial.Launching().Ended();

        Assert.Same(restarting, restarting.Bootstrapped(new BootstrapProgress(100, "done", "Done")));
    }
}
