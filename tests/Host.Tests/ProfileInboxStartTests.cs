using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Pvtcoms.Host.Tor;

namespace Pvtcoms.Host.Tests;

/// <summary>
/// A profile's inbox chooses two free loopback ports and binds them a moment later; when another process took one in
/// between, the start tries again with other ports instead of failing the profile (seen in CI as "address already in
/// use").
/// </summary>
public sealed class ProfileInboxStartTests : IDisposable
{
    private readonly string _profile = Directory.CreateTempSubdirectory("pvtcoms-inbox-start-").FullName;
    private readonly TcpListener _taken = new(IPAddress.Loopback, 0);

    public ProfileInboxStartTests() => _taken.Start();

    private int TakenPort => ((IPEndPoint)_taken.LocalEndpoint).Port;

    [Fact]
    public async Task A_port_taken_between_choosing_and_binding_makes_the_start_choose_again()
    {
        var handedOut = new List<int>();
        int Ports()
        {
            // The first choice is a port another listener holds; later ones are free.
            var port = handedOut.Count == 0 ? TakenPort : FreePort();
            handedOut.Add(port);
            return port;
        }

        await using (var inbox = await ProfileInbox.StartAsync(_profile, 8, Ports, CancellationToken.None))
        {
            Assert.NotEqual(TakenPort, inbox.Listen.Port);
            Assert.Equal(4, handedOut.Count);
            using var http = new HttpClient();
            using var health = await http.GetAsync(new Uri($"http://127.0.0.1:{handedOut[3]}/health"));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task When_every_attempt_finds_its_port_taken_the_start_fails_after_the_last()
    {
        var calls = 0;
        int Ports()
        {
            calls++;
            return TakenPort;
        }

        var failure = await Assert.ThrowsAsync<IOException>(() => ProfileInbox.StartAsync(_profile, 8, Ports, CancellationToken.None));

        Assert.Contains("address already in use", failure.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2 * ProfileInbox.StartAttempts, calls);
        SqliteConnection.ClearAllPools();
    }

    public void Dispose()
    {
        _taken.Stop();
        _taken.Dispose();
        Directory.Delete(_profile, recursive: true);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
