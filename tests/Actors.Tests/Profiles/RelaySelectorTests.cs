using Pvtcoms.Actors.Profiles;
using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Actors.Tests.Profiles;

public sealed class RelaySelectorTests
{
    private static readonly RelayEndpoint s_primary = RelayEndpoint.Parse("127.0.0.1:7470").Value;
    private static readonly RelayEndpoint s_failover = RelayEndpoint.Parse("127.0.0.1:7471").Value;

    private static readonly RelayReachability s_unknown = RelayReachability.Unknown;
    private static readonly RelayReachability s_reachable = RelayReachability.Unknown.RecordFailure().RecordSuccess();
    private static readonly RelayReachability s_unreachable = new(RelayReachability.UnreachableAfter);

    private static ClientRelaySettings Settings(RelaySettingSource source, RelayEndpoint? failover) =>
        new(s_primary, source, null, 18, failover, null);

    private static RelaySelection Select(RelaySettingSource source, RelayEndpoint? failover, RelayReachability primary, RelayReachability second) =>
        RelaySelector.Select(Settings(source, failover), new Dictionary<RelayEndpoint, RelayReachability> { [s_primary] = primary, [s_failover] = second });

    public static TheoryData<RelaySettingSource, int, int, int> EveryCase()
    {
        var data = new TheoryData<RelaySettingSource, int, int, int>();
        foreach (var source in Enum.GetValues<RelaySettingSource>())
        {
            for (var failover = 0; failover < 3; failover++)
            {
                for (var p = 0; p < 3; p++)
                {
                    for (var f = 0; f < 3; f++)
                    {
                        data.Add(source, failover, p, f);
                    }
                }
            }
        }

        return data;
    }

    /// <summary>
    /// All 4 × 3 × 3 × 3 combinations of source, failover configuration (none / same as primary / distinct),
    /// primary and failover reachability (unknown / reachable / unreachable) against the rule as written in ADR 0077.
    /// </summary>
    [Theory]
    [MemberData(nameof(EveryCase))]
    public void The_failover_is_used_exactly_when_the_rule_allows(RelaySettingSource source, int failoverKind, int primaryState, int failoverState)
    {
        RelayReachability[] states = [s_unknown, s_reachable, s_unreachable];
        RelayEndpoint?[] failovers = [null, s_primary, s_failover];

        var selection = Select(source, failovers[failoverKind], states[primaryState], states[failoverState]);

        var isExplicit = source is RelaySettingSource.Environment or RelaySettingSource.StoredChoice;
        var allowed = !isExplicit && failoverKind == 2 && primaryState == 2 && failoverState != 2;
        Assert.Equal(allowed ? s_failover : s_primary, selection.Relay);
        Assert.Equal(allowed, selection.IsFailover);
        if (isExplicit)
        {
            Assert.NotEqual(s_failover, selection.Relay);
        }
    }

    [Theory]
    [InlineData(RelaySettingSource.Environment)]
    [InlineData(RelaySettingSource.StoredChoice)]
    public void An_explicit_relay_is_never_replaced_even_when_down(RelaySettingSource source)
    {
        var selection = Select(source, s_failover, s_unreachable, s_reachable);

        Assert.Equal(s_primary, selection.Relay);
        Assert.Equal(RelaySelectionReason.PrimaryIsExplicit, selection.Reason);
    }

    [Fact]
    public void A_sidecar_relay_that_is_down_fails_over_to_relay2()
    {
        var selection = Select(RelaySettingSource.Sidecar, s_failover, s_unreachable, s_unknown);

        Assert.Equal(s_failover, selection.Relay);
        Assert.Equal(RelaySelectionReason.PrimaryUnreachable, selection.Reason);
    }

    [Fact]
    public void The_primary_is_used_again_as_soon_as_it_answers()
    {
        var down = Select(RelaySettingSource.Default, s_failover, s_unreachable, s_reachable);
        var back = Select(RelaySettingSource.Default, s_failover, s_unreachable.RecordSuccess(), s_reachable);

        Assert.Equal(s_failover, down.Relay);
        Assert.Equal(s_primary, back.Relay);
    }

    [Fact]
    public void When_both_are_down_the_primary_is_kept()
    {
        Assert.Equal(RelaySelectionReason.BothUnreachable, Select(RelaySettingSource.Sidecar, s_failover, s_unreachable, s_unreachable).Reason);
    }

    [Fact]
    public void A_relay_is_unreachable_only_after_three_failures_in_a_row()
    {
        var state = RelayReachability.Unknown;
        state = state.RecordFailure().RecordFailure();
        Assert.False(state.IsUnreachable);
        Assert.True(state.RecordFailure().IsUnreachable);
        Assert.False(state.RecordSuccess().RecordFailure().RecordFailure().IsUnreachable);
        Assert.True(new RelayReachability(int.MaxValue).RecordFailure().IsUnreachable);
    }
}
