using Bunit;
using Pvtcoms.Ui.Blazor.Components.Layout;
using Pvtcoms.Ui.Blazor.Components.Pages;
using Pvtcoms.Ui.Blazor.Components.Shared;
using Pvtcoms.Ui.Blazor.Engine;

namespace Pvtcoms.Ui.Tests.Components;

public sealed class FormTests : ComponentTest
{
    private const string Onion = "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion";

    [Theory]
    [InlineData("", "long enough pass", "long enough pass", "127.0.0.1:9750", "name")]
    [InlineData("alice", "short", "short", "127.0.0.1:9750", "passphrase")]
    [InlineData("alice", "long enough pass", "long enough pasS", "127.0.0.1:9750", "differ")]
    [InlineData("alice", "long enough pass", "long enough pass", "relay.example.com:80", "relay")]
    public void The_first_run_check_names_the_first_problem(string name, string pass, string again, string relay, string expected)
    {
        var problem = FirstRunForm.Check(name, pass, again, relay);

        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("127.0.0.1:9750")]
    [InlineData(Onion)]
    public void The_first_run_check_passes_good_values(string relay) =>
        Assert.Null(FirstRunForm.Check("alice", "long enough pass", "long enough pass", relay));

    [Fact]
    public void Differing_passphrases_are_refused_without_asking_the_engine()
    {
        FirstRunRequest? submitted = null;
        var cut = Render<FirstRunForm>(p => p.Add(f => f.OnSubmit, (FirstRunRequest r) => submitted = r));

        cut.Find("#display-name").Change("alice");
        cut.Find("#passphrase").Change("correct horse battery");
        cut.Find("#passphrase-again").Change("correct horse battery!");
        cut.Find("#relay").Change("127.0.0.1:9750");
        cut.Find("form").Submit();

        Assert.Null(submitted);
        Assert.Contains("differ", cut.Find("[data-testid=first-run-problem]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Good_first_run_values_reach_the_engine_trimmed()
    {
        FirstRunRequest? submitted = null;
        var cut = Render<FirstRunForm>(p => p.Add(f => f.OnSubmit, (FirstRunRequest r) => submitted = r));

        cut.Find("#display-name").Change("  alice ");
        cut.Find("#passphrase").Change("correct horse battery");
        cut.Find("#passphrase-again").Change("correct horse battery");
        cut.Find("#relay").Change(" 127.0.0.1:9750 ");
        cut.Find("form").Submit();

        Assert.NotNull(submitted);
        Assert.Equal("alice", submitted.DisplayName);
        Assert.Equal("correct horse battery", submitted.Passphrase);
        Assert.Equal("127.0.0.1:9750", submitted.Relay);
        Assert.DoesNotContain("correct horse", submitted.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:9750", null, 8, null)]
    [InlineData("relay.example.com:443", null, 8, "relay address")]
    [InlineData("127.0.0.1:9750", "10.0.0.1:80", 8, "failover")]
    [InlineData("127.0.0.1:9750", "", 33, "between")]
    public void The_settings_check_refuses_bad_values(string relay, string? failover, int pow, string? expected)
    {
        var problem = Settings.Check(relay, failover, pow);

        if (expected is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(expected, problem, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Saved_settings_reach_the_engine()
    {
        var cut = Render<Settings>();

        cut.Find("#failover").Change(Onion);
        cut.Find("#pow").Change("12");
        cut.Find("#cover").Change(true);
        cut.Find("form").Submit();

        var saved = Session.Settings();
        Assert.Equal(Onion, saved.FailoverRelay);
        Assert.Equal(12, saved.ProofOfWorkBits);
        Assert.True(saved.CoverTraffic);
        Assert.Equal("Saved.", cut.Find("[data-testid=settings-result]").TextContent);
    }

    [Fact]
    public void A_malformed_invite_is_refused_with_a_message()
    {
        var cut = Render<Invite>();

        cut.Find("#accept-text").Change("pvtcoms1:notbase32!!");
        cut.Find("#accept-name").Change("bob");
        cut.Find("form").Submit();

        Assert.Contains("damaged", cut.Find("[data-testid=accept-problem]").TextContent, StringComparison.Ordinal);
        Assert.Empty(Session.Contacts());
    }

    [Fact]
    public void The_status_bar_follows_tor_and_relay_state()
    {
        Session.SetStatus(new EngineStatus(TorState.Bootstrapping, 45, RelayState.Unknown, 0));
        var cut = Render<StatusBar>();
        Assert.Equal("Tor: connecting 45 %", cut.Find("[data-testid=tor-status]").TextContent);

        Session.SetStatus(new EngineStatus(TorState.Failed, 0, RelayState.Unreachable, 2));

        cut.WaitForAssertion(() => Assert.Equal("Tor: failed", cut.Find("[data-testid=tor-status]").TextContent));
        Assert.Contains("bad", cut.Find("[data-testid=relay-status]").ClassList);
        Assert.Contains("2 queued", cut.Markup, StringComparison.Ordinal);
    }
}
