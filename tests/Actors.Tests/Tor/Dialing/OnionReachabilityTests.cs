using Pvtcoms.Actors.Tests.Support;
using Pvtcoms.Actors.Tor.Dialing;

namespace Pvtcoms.Actors.Tests.Tor.Dialing;

public sealed class OnionReachabilityTests
{
    private const string Alice = "25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid.onion";
    private const string Bob = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";

    private static readonly DialResult.Failed s_introductionFailed =
        new(DialFailure.SocksRefused, Socks5ReplyCode.OnionServiceIntroductionFailed);

    private static readonly DialResult.Failed s_timeout = new(DialFailure.Timeout);

    /// <summary>What the three failures of <see cref="FailThreeTimesOverTheSpan"/> answer: only the third asks tor to forget.</summary>
    private static readonly bool[] s_thirdAsks = [false, false, true];

    private readonly ManualClock _clock = new();
    private int _forgotten;

    private OnionReachability NewReachability(OnionRecoveryPolicy? policy = null) =>
        new(_clock, () => Interlocked.Increment(ref _forgotten), policy);

    /// <summary>Fails <paramref name="times"/> dials to <paramref name="host"/>, <paramref name="apart"/> from each other; true if any asked for recovery.</summary>
    private bool Fail(OnionReachability onions, string host, int times, TimeSpan apart, DialResult.Failed? failure = null)
    {
        var asked = false;
        for (var i = 0; i < times; i++)
        {
            if (i > 0)
            {
                _clock.Advance(apart);
            }

            asked |= onions.RecordFailure(host, failure ?? s_introductionFailed);
        }

        return asked;
    }

    /// <summary>
    /// The shortest streak that asks for recovery under the default policy: three failures of <paramref name="host"/>,
    /// 5 s apart, so the first and the last are the minimum 10 s apart. The middle one may be of another kind or name
    /// the host in another spelling. Returns what each failure answered.
    /// </summary>
    private bool[] FailThreeTimesOverTheSpan(
        OnionReachability onions, string host, DialResult.Failed? failure = null, DialResult.Failed? middleFailure = null, string? middleHost = null)
    {
        var answers = new bool[3];
        for (var i = 0; i < answers.Length; i++)
        {
            if (i > 0)
            {
                _clock.Advance(TimeSpan.FromSeconds(5));
            }

            answers[i] = i == 1
                ? onions.RecordFailure(middleHost ?? host, middleFailure ?? failure ?? s_introductionFailed)
                : onions.RecordFailure(host, failure ?? s_introductionFailed);
        }

        return answers;
    }

    [Fact]
    public void Three_failures_spanning_ten_seconds_ask_tor_once_to_forget_onion_state()
    {
        var onions = NewReachability();

        Assert.Equal(s_thirdAsks, FailThreeTimesOverTheSpan(onions, Alice, middleFailure: s_timeout));

        Assert.Equal(1, _forgotten);
        Assert.Equal(1, onions.RecoveriesRequested);
    }

    [Fact]
    public void A_quick_burst_of_failures_is_not_enough()
    {
        var onions = NewReachability();

        Assert.False(Fail(onions, Alice, times: 10, apart: TimeSpan.FromSeconds(1)));
        Assert.Equal(0, _forgotten);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(onions.RecordFailure(Alice, s_introductionFailed));
    }

    [Fact]
    public void Two_failures_are_not_enough_however_far_apart()
    {
        var onions = NewReachability();

        Assert.False(Fail(onions, Alice, times: 2, apart: TimeSpan.FromMinutes(5)));

        Assert.Equal(0, _forgotten);
    }

    [Fact]
    public void A_success_in_between_starts_the_count_again()
    {
        var onions = NewReachability();

        Fail(onions, Alice, times: 2, apart: TimeSpan.FromSeconds(6));
        onions.RecordSuccess(Alice);
        _clock.Advance(TimeSpan.FromSeconds(6));

        Assert.False(Fail(onions, Alice, times: 2, apart: TimeSpan.FromSeconds(6)));
        _clock.Advance(TimeSpan.FromSeconds(6));
        Assert.True(onions.RecordFailure(Alice, s_introductionFailed));
    }

    [Theory]
    [InlineData(DialFailure.Timeout, null, true)]
    [InlineData(DialFailure.SocksRefused, Socks5ReplyCode.OnionServiceDescriptorNotFound, true)]
    [InlineData(DialFailure.SocksRefused, Socks5ReplyCode.OnionServiceDescriptorInvalid, true)]
    [InlineData(DialFailure.SocksRefused, Socks5ReplyCode.OnionServiceIntroductionFailed, true)]
    [InlineData(DialFailure.SocksRefused, Socks5ReplyCode.OnionServiceRendezvousFailed, true)]
    [InlineData(DialFailure.SocksRefused, Socks5ReplyCode.OnionServiceIntroductionTimedOut, true)]
    [InlineData(DialFailure.SocksRefused, Socks5ReplyCode.GeneralFailure, true)]
    [InlineData(DialFailure.SocksRefused, Socks5ReplyCode.HostUnreachable, true)]
    [InlineData(DialFailure.SocksRefused, Socks5ReplyCode.TtlExpired, true)]
    [InlineData(DialFailure.SocksRefused, Socks5ReplyCode.OnionServiceMissingClientAuth, false)]
    [InlineData(DialFailure.SocksRefused, Socks5ReplyCode.OnionServiceWrongClientAuth, false)]
    [InlineData(DialFailure.SocksRefused, Socks5ReplyCode.OnionServiceBadAddress, false)]
    [InlineData(DialFailure.SocksRefused, Socks5ReplyCode.ConnectionRefused, false)]
    [InlineData(DialFailure.SocksRefused, Socks5ReplyCode.NotAllowedByRuleset, false)]
    [InlineData(DialFailure.ConnectFailed, null, false)]
    [InlineData(DialFailure.SocksProtocolError, null, false)]
    [InlineData(DialFailure.InvalidTarget, null, false)]
    public void Only_failures_that_stale_onion_state_explains_are_counted(DialFailure reason, Socks5ReplyCode? code, bool counted)
    {
        var failure = new DialResult.Failed(reason, code);
        var onions = NewReachability();

        Assert.Equal(counted, OnionReachability.IndicatesStaleOnionState(failure));
        Assert.Equal(counted, FailThreeTimesOverTheSpan(onions, Alice, failure)[^1]);
        Assert.Equal(counted ? 1 : 0, _forgotten);
    }

    [Fact]
    public void Failures_of_other_kinds_do_not_break_a_streak()
    {
        var onions = NewReachability();

        Fail(onions, Alice, times: 2, apart: TimeSpan.FromSeconds(6));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(onions.RecordFailure(Alice, new DialResult.Failed(DialFailure.ConnectFailed)));
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.True(onions.RecordFailure(Alice, s_introductionFailed));
    }

    [Fact]
    public void Counts_are_per_host()
    {
        var onions = NewReachability();

        // Alternating failures: three spanning 12 s in all, but two per host.
        Assert.False(onions.RecordFailure(Alice, s_introductionFailed));
        _clock.Advance(TimeSpan.FromSeconds(6));
        Assert.False(onions.RecordFailure(Bob, s_introductionFailed));
        _clock.Advance(TimeSpan.FromSeconds(6));
        Assert.False(onions.RecordFailure(Alice, s_introductionFailed));
        _clock.Advance(TimeSpan.FromSeconds(6));
        Assert.False(onions.RecordFailure(Bob, s_introductionFailed));
        _clock.Advance(TimeSpan.FromSeconds(6));

        Assert.True(onions.RecordFailure(Alice, s_introductionFailed));
    }

    [Fact]
    public void Host_names_differing_only_in_case_are_one_host()
    {
        var onions = NewReachability();

        Assert.Equal(s_thirdAsks, FailThreeTimesOverTheSpan(onions, Alice, middleHost: Alice.ToUpperInvariant()));
    }

    [Fact]
    public void At_most_one_request_per_minute_whatever_the_host()
    {
        var onions = NewReachability();
        Assert.Equal(s_thirdAsks, FailThreeTimesOverTheSpan(onions, Alice));

        Assert.False(Fail(onions, Bob, times: 20, apart: TimeSpan.FromSeconds(2.5)));
        Assert.Equal(1, _forgotten);

        // Bob's last failure came 47.5 s after Alice's request; 12.5 s later a full minute has passed.
        _clock.Advance(TimeSpan.FromSeconds(12.5));
        Assert.True(onions.RecordFailure(Bob, s_introductionFailed));
        Assert.Equal(2, _forgotten);
    }

    [Fact]
    public void A_host_that_stays_unreachable_is_retried_with_doubling_backoff()
    {
        var onions = NewReachability();
        var asks = new List<TimeSpan>();
        var elapsed = TimeSpan.Zero;
        var step = TimeSpan.FromSeconds(5);

        // An offline contact dialed every 5 s for 40 minutes.
        for (; elapsed < TimeSpan.FromMinutes(40); elapsed += step)
        {
            if (onions.RecordFailure(Alice, s_introductionFailed))
            {
                asks.Add(elapsed);
            }

            _clock.Advance(step);
        }

        // First after 10 s, then 2, 4, 8, 16 minutes later (MinimumInterval × 2^k), then capped at 30 minutes.
        var gaps = asks.Zip(asks.Skip(1), (a, b) => b - a).ToList();
        Assert.Equal(TimeSpan.FromSeconds(10), asks[0]);
        Assert.Equal([TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(16)], gaps);
        Assert.Equal(5, _forgotten);
    }

    [Fact]
    public void Reaching_the_host_again_clears_its_backoff()
    {
        var onions = NewReachability();
        Assert.Equal(s_thirdAsks, FailThreeTimesOverTheSpan(onions, Alice));
        _clock.Advance(TimeSpan.FromSeconds(61));
        onions.RecordSuccess(Alice);

        Assert.Equal(s_thirdAsks, FailThreeTimesOverTheSpan(onions, Alice));
        Assert.Equal(2, _forgotten);
    }

    [Fact]
    public void The_number_of_remembered_hosts_is_bounded_and_the_oldest_streak_goes_first()
    {
        var policy = OnionRecoveryPolicy.Default with { MaximumTrackedHosts = 2 };
        var onions = NewReachability(policy);
        const string carol = "carolcarolcarolcarolcarolcarolcarolcarolcarolcarolcaro.onion";

        onions.RecordFailure(Alice, s_introductionFailed);
        _clock.Advance(TimeSpan.FromSeconds(1));
        onions.RecordFailure(Bob, s_introductionFailed);
        _clock.Advance(TimeSpan.FromSeconds(1));
        onions.RecordFailure(carol, s_introductionFailed);

        // Alice's first failure was forgotten to make room: her next two are not yet three (with it they would span 12 s).
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(s_thirdAsks, FailThreeTimesOverTheSpan(onions, Alice));
    }

    [Fact]
    public void Concurrent_failures_ask_only_once()
    {
        var onions = NewReachability();
        Fail(onions, Alice, times: 2, apart: TimeSpan.FromSeconds(6));
        _clock.Advance(TimeSpan.FromSeconds(6));

        var asked = Enumerable.Range(0, 64).AsParallel().Count(_ => onions.RecordFailure(Alice, s_introductionFailed));

        Assert.Equal(1, asked);
        Assert.Equal(1, _forgotten);
    }

    [Fact]
    public void It_prints_no_host()
    {
        var onions = NewReachability();
        onions.RecordFailure(Alice, s_introductionFailed);

        Assert.DoesNotContain(Alice[..16], onions.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(".onion", onions.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
