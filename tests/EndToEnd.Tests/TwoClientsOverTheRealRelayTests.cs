using Pvtcoms.Actors.Client;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Tests.Support;
using Pvtcoms.Actors.Transport;
using Pvtcoms.EndToEnd.Tests.Support;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.EndToEnd.Tests;

/// <summary>Two client nodes over HTTP through the real relay service (in process, low PoW, with an access key).</summary>
public sealed class TwoClientsOverTheRealRelayTests(InProcessRelay relay) : IClassFixture<InProcessRelay>, IAsyncLifetime
{
    private HttpRelayTransport _transport = null!;
    private TestProfile _alice = null!;
    private TestProfile _bob = null!;

    public Task InitializeAsync()
    {
        // Both profiles use the one relay; each must know its difficulty and key.
        _transport = new HttpRelayTransport(_ => new RelayAccess(InProcessRelay.Difficulty, InProcessRelay.AccessKey), TimeProvider.System,
            SystemEntropy.Instance);
        _alice = new TestProfile("Alice", relay.Address, _transport);
        _bob = new TestProfile("Bob", relay.Address, _transport);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _alice.DisposeAsync();
        await _bob.DisposeAsync();
        _transport.Dispose();
    }

    [Fact]
    public async Task Async_onboarding_then_messages_both_ways_reach_Delivered_and_Read()
    {
        await _alice.StartAsync();
        var invite = await _alice.Running.CreateInviteAsync();
        await _alice.StopAsync();

        await _bob.StartAsync();
        var alice = await _bob.Running.AcceptInviteAsync(invite, "Alice", "hi Alice, it is Bob");
        await Eventually.TrueAsync(() => _bob.HistoryWith(alice).Single().State == DeliveryState.AtRelay, "the intro is at the relay");

        await _alice.StartAsync();
        await Pump(() => _alice.Store.LoadContacts().Count == 1, "Alice has Bob");
        var bob = _alice.OnlyContact;
        Assert.Equal("hi Alice, it is Bob", _alice.HistoryWith(bob).Single().Text);

        var reply = await _alice.Running.SendAsync(bob, "hello Bob");
        await Pump(() => _bob.HistoryWith(alice).Any(m => m.Text == "hello Bob"), "Bob got the reply");
        await Pump(() => _alice.Store.LoadMessage(reply)!.State == DeliveryState.Delivered, "the reply is Delivered");
        await Pump(() => _bob.HistoryWith(alice)[0].State == DeliveryState.Delivered, "the first message is Delivered");

        await _alice.Running.MarkReadAsync(bob);
        await Pump(() => _bob.HistoryWith(alice)[0].State == DeliveryState.Read, "Bob sees Read");
        Assert.Equal(_alice.Running.SafetyNumberWith(bob), _bob.Running.SafetyNumberWith(alice));
    }

    private Task Pump(Func<bool> condition, string what) =>
        Eventually.TrueAsync(condition, what, async () =>
        {
            await _alice.Running.PollNowAsync();
            await _bob.Running.PollNowAsync();
        }, seconds: 30);
}
