using Pvtcoms.Actors.Tests.Support;
using Pvtcoms.Actors.Tests.Tor.Support;
using Pvtcoms.Actors.Tor.Dialing;

namespace Pvtcoms.Actors.Tests.Tor.Dialing;

/// <summary>The dialer reports the outcome of onion dials through tor to its <see cref="OnionReachability"/>.</summary>
public sealed class DialerOnionReachabilityTests
{
    private const string Onion = "25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid.onion";

    private readonly ManualClock _clock = new();
    private readonly TorReadiness _readiness = new();
    private int _forgotten;

    private (FailClosedDialer Dialer, OnionReachability Onions) NewDialer(DialPolicy? policy = null)
    {
        var onions = new OnionReachability(_clock, () => Interlocked.Increment(ref _forgotten));
        return (new FailClosedDialer(_readiness, new RecordingSocketFactory(), policy ?? DialPolicy.TorOnly, onions), onions);
    }

    /// <summary>One dial against a fresh one-connection SOCKS server answering <paramref name="code"/>.</summary>
    private async Task<DialResult> DialOnceAsync(FailClosedDialer dialer, byte code, string host = Onion)
    {
        await using var socks = new FakeSocksServer(FakeSocksServer.Reply(code));
        _readiness.MarkReady(socks.EndPoint);
        var result = await dialer.DialAsync(host, 80, CancellationToken.None);
        if (result is DialResult.Connected connected)
        {
            await connected.Stream.DisposeAsync();
        }

        return result;
    }

    [Fact]
    public async Task Three_introduction_failures_of_one_onion_over_ten_seconds_ask_tor_to_forget_onion_state()
    {
        var (dialer, onions) = NewDialer();

        for (var i = 0; i < 3; i++)
        {
            Assert.IsType<DialResult.Failed>(await DialOnceAsync(dialer, 0xF2));
            _clock.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Equal(1, _forgotten);
        Assert.Equal(1, onions.RecoveriesRequested);
    }

    [Fact]
    public async Task A_successful_dial_in_between_resets_the_count()
    {
        var (dialer, _) = NewDialer();

        await DialOnceAsync(dialer, 0xF2);
        _clock.Advance(TimeSpan.FromSeconds(5));
        await DialOnceAsync(dialer, 0xF7);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.IsType<DialResult.Connected>(await DialOnceAsync(dialer, 0x00));
        _clock.Advance(TimeSpan.FromSeconds(5));
        await DialOnceAsync(dialer, 0xF2);

        Assert.Equal(0, _forgotten);
    }

    [Fact]
    public async Task Failed_dials_to_names_that_are_not_onions_are_not_counted()
    {
        var (dialer, _) = NewDialer();

        for (var i = 0; i < 4; i++)
        {
            Assert.IsType<DialResult.Failed>(await DialOnceAsync(dialer, 0x04, "relay.example.org"));
            _clock.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Equal(0, _forgotten);
    }

    [Fact]
    public async Task Tor_not_being_ready_is_not_a_failure_of_the_onion()
    {
        var (dialer, _) = NewDialer();
        _readiness.MarkNotReady();

        for (var i = 0; i < 4; i++)
        {
            Assert.IsType<DialResult.TorNotReady>(await dialer.DialAsync(Onion, 80, CancellationToken.None));
            _clock.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Equal(0, _forgotten);
    }
}
