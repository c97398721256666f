using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pvtcoms.Actors.Client;
using Pvtcoms.Actors.Tests.Support;
using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Actors.Tests.Client;

public sealed class ClientHostingTests
{
    [Fact]
    public async Task A_hosted_profile_is_registered_and_the_attached_facade_drives_it()
    {
        var options = new ClientNodeOptions
        {
            Store = new InMemoryClientStore(),
            OwnRelay = RelayEndpoint.Parse("127.0.0.1:7401").Value,
            Transport = new InMemoryRelayTransport(),
            MinPollInterval = TimeSpan.FromHours(1),
            MaxPollInterval = TimeSpan.FromHours(1),
        };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostApplicationLifetime, TestLifetime>();
        services.AddAkka("pvtcoms-client-hosted", builder => builder.WithPvtcomsClient(options));
        await using var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        try
        {
            var profile = await provider.GetRequiredService<ActorRegistry>().GetAsync<ClientProfile>();
            var node = await ClientNode.AttachAsync(provider.GetRequiredService<ActorSystem>(), profile, options);
            var invite = await node.CreateInviteAsync();
            Assert.True(Invite.Parse(invite).IsOk);
            Assert.Equal(node.Identity.ToArray(), Pvtcoms.Protocol.Identity.IdentityKeyPair.FromSeed(options.Store.LoadIdentitySeed()).PublicKey.ToArray());
            await node.StopAsync();
        }
        finally
        {
            foreach (var service in hosted)
            {
                await service.StopAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>The one host service Akka.Hosting needs, without pulling in the generic host.</summary>
    private sealed class TestLifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();

        public void Dispose() => _stopping.Dispose();
    }
}
