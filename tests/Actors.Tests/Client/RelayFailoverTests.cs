using Pvtcoms.Actors.Client;
using Pvtcoms.Actors.Profiles;
using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Actors.Tests.Client;

/// <summary>The running node's failover rule (ADR 0087), without actors.</summary>
public sealed class RelayFailoverTests
{
    private static readonly RelayEndpoint s_primary = RelayEndpoint.Parse("127.0.0.1:7301").Value;
    private static readonly RelayEndpoint s_failover = RelayEndpoint.Parse("127.0.0.1:7302").Value;
    private static readonly RelayEndpoint s_contactRelay = RelayEndpoint.Parse("127.0.0.1:7303").Value;

    [Fact]
    public void Both_relays_are_polled_primary_first_and_a_failover_equal_to_the_primary_is_polled_once()
    {
        Assert.Equal([s_primary, s_failover], new RelayFailover(s_primary, s_failover, primaryIsExplicit: true).Polled);
        Assert.Equal([s_primary], new RelayFailover(s_primary, s_primary, primaryIsExplicit: false).Polled);
        Assert.Equal([s_primary], new RelayFailover(s_primary, null, primaryIsExplicit: false).Polled);
    }

    [Theory]
    [InlineData(false, 0, 0, "primary")]
    [InlineData(false, 2, 0, "primary")]
    [InlineData(false, 3, 0, "failover")]
    [InlineData(false, 3, 3, "primary")]
    [InlineData(true, 3, 0, "primary")]
    [InlineData(true, 9, 0, "primary")]
    public void A_deposit_for_the_primary_moves_only_while_a_non_explicit_primary_is_unreachable(
        bool primaryIsExplicit, int primaryFailures, int failoverFailures, string expected)
    {
        var relays = new RelayFailover(s_primary, s_failover, primaryIsExplicit);
        Fail(relays, s_primary, primaryFailures);
        Fail(relays, s_failover, failoverFailures);

        Assert.Equal(expected == "primary" ? s_primary : s_failover, relays.DepositTarget(s_primary));
    }

    [Fact]
    public void A_deposit_for_a_contacts_own_relay_is_never_moved()
    {
        var relays = new RelayFailover(s_primary, s_failover, primaryIsExplicit: false);
        Fail(relays, s_primary, RelayReachability.UnreachableAfter);
        Fail(relays, s_contactRelay, RelayReachability.UnreachableAfter);

        Assert.Equal(s_contactRelay, relays.DepositTarget(s_contactRelay));
        Assert.Equal(s_failover, relays.DepositTarget(s_primary));
    }

    [Fact]
    public void One_answer_from_the_primary_brings_deposits_back_to_it()
    {
        var relays = new RelayFailover(s_primary, s_failover, primaryIsExplicit: false);
        Fail(relays, s_primary, RelayReachability.UnreachableAfter + 2);
        Assert.Equal(s_failover, relays.DepositTarget(s_primary));

        relays.Record(s_primary, reached: true);

        Assert.False(relays.IsUnreachable(s_primary));
        Assert.Equal(s_primary, relays.DepositTarget(s_primary));
    }

    [Fact]
    public void The_options_carry_resolved_settings_to_the_node_and_a_default_primary_is_not_explicit()
    {
        var settings = new ClientRelaySettings(s_primary, RelaySettingSource.Sidecar, null, 12, s_failover, RelayAccessSecret.TryParse(new string('k', 32)));
        var options = WithRelays(new ClientNodeOptions { Store = new Support.InMemoryClientStore(), OwnRelay = s_contactRelay }, settings, 7);

        Assert.Equal(s_primary, options.OwnRelay);
        Assert.Equal(s_failover, options.FailoverRelay);
        Assert.False(options.OwnRelayIsExplicit);
        Assert.Equal(7, options.OwnRelayPowDifficulty);
        Assert.Equal(new string('k', 32), options.FailoverRelayAccessKey);
        Assert.DoesNotContain("kkkk", options.ToString(), StringComparison.Ordinal);
        Assert.True(new ClientNodeOptions { Store = new Support.InMemoryClientStore(), OwnRelay = s_primary }.OwnRelayIsExplicit);
    }

    /// <summary>
    /// The node options as the hosts fill them from resolved settings (CliProfile and DesktopProfile do it inline, with
    /// their own relay and keys): primary with its key and difficulty, failover with its key, whether the primary is explicit.
    /// </summary>
    private static ClientNodeOptions WithRelays(ClientNodeOptions options, ClientRelaySettings settings, int powDifficulty) =>
        options with
        {
            OwnRelay = settings.Primary,
            OwnRelayAccessKey = settings.Key?.Value,
            OwnRelayPowDifficulty = powDifficulty,
            FailoverRelay = settings.Failover,
            FailoverRelayAccessKey = settings.FailoverKey?.Value,
            OwnRelayIsExplicit = settings.IsExplicit,
        };

    private static void Fail(RelayFailover relays, RelayEndpoint relay, int times)
    {
        for (var i = 0; i < times; i++)
        {
            relays.Record(relay, reached: false);
        }
    }
}
