using System.Collections.Concurrent;
using Pvtcoms.Actors.Client;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Transport;
using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Actors.Tests.Support;

/// <summary>One profile for tests: a store that outlives node restarts, and the node currently running on it.</summary>
public sealed class TestProfile : IAsyncDisposable
{
    private readonly Func<ClientNodeOptions, ClientNodeOptions>? _configure;
    private IDisposable? _subscription;

    public TestProfile(string name, string relay, IRelayTransport transport, TimeProvider? time = null,
        Func<ClientNodeOptions, ClientNodeOptions>? configure = null)
    {
        Name = name;
        Relay = RelayEndpoint.Parse(relay).Value;
        Transport = transport;
        Time = time ?? TimeProvider.System;
        _configure = configure;
    }

    public string Name { get; }

    public RelayEndpoint Relay { get; }

    public IRelayTransport Transport { get; }

    public TimeProvider Time { get; }

    public InMemoryClientStore Store { get; } = new();

    public ConcurrentQueue<ClientEvent> Events { get; } = new();

    public ClientNode? Node { get; private set; }

    public ClientNode Running => Node ?? throw new InvalidOperationException($"{Name} is not running.");

    public async Task<ClientNode> StartAsync()
    {
        var options = new ClientNodeOptions
        {
            Store = Store,
            OwnRelay = Relay,
            Transport = Transport,
            Time = Time,
            DisplayName = Name,
            MinPollInterval = TimeSpan.FromHours(1),
            MaxPollInterval = TimeSpan.FromHours(2),
            OutboxTick = TimeSpan.FromMilliseconds(50),
            Retry = new RetryPolicy(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100)),
            AskTimeout = TimeSpan.FromSeconds(20),
        };
        options = _configure?.Invoke(options) ?? options;
        Node = await ClientNode.StartAsync(options);
        _subscription = Node.Subscribe(Events.Enqueue);
        return Node;
    }

    public async Task StopAsync()
    {
        _subscription?.Dispose();
        if (Node is not null)
        {
            await Node.StopAsync();
        }

        Node = null;
    }

    public IReadOnlyList<MessageRecord> HistoryWith(ContactId contact) => Store.LoadHistory(contact, 1000);

    public ContactId OnlyContact => Assert.Single(Store.LoadContacts()).Id;

    public int Count<T>(Func<T, bool>? predicate = null)
        where T : ClientEvent => Events.OfType<T>().Count(e => predicate?.Invoke(e) ?? true);

    public async ValueTask DisposeAsync() => await StopAsync();
}
