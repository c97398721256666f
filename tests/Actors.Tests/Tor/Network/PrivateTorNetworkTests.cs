using System.Diagnostics;
using System.Globalization;
using System.Net;
using Akka.Actor;
using Akka.Configuration;
using Pvtcoms.Actors.Tests.Tor.Support;
using Pvtcoms.Actors.Tor;
using Pvtcoms.Actors.Tor.Dialing;
using Pvtcoms.Actors.Tor.Process;
using Pvtcoms.Actors.Tor.Supervision;
using Pvtcoms.Protocol.Onion;
using Xunit.Abstractions;

namespace Pvtcoms.Actors.Tests.Tor.Network;

/// <summary>The transport over real tor processes on the private loopback network (TOR_TESTNET.md deadlines).</summary>
[Collection(PrivateTorNetworkCollection.Name)]
public sealed class PrivateTorNetworkTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly PrivateTorNetwork _network;
    private readonly ITestOutputHelper _output;

    public PrivateTorNetworkTests(PrivateTorNetwork network, ITestOutputHelper output)
        : base((Config?)null, null, output)
    {
        _network = network;
        _output = output;
    }

    private static readonly TimeSpan s_coldStart = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_retry = TimeSpan.FromMilliseconds(500);

    /// <summary>For the onion to be reached again after its tor restarted (usually 4–21 s; generous for a loaded CI machine).</summary>
    private static readonly TimeSpan s_reachableAgain = TimeSpan.FromSeconds(120);

    // RFC 8032 §7.1 TEST 1 seed; its v3 address is tor's own test vector (see OnionAddressTests).
    private const string Rfc8032Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private const string Rfc8032Address = "25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid";

    private string NewDataDirectory(string name) => Path.Combine(_network.Root, $"{name}-{Guid.NewGuid():N}");

    private TorLaunchOptions AppTor(string dataDirectory, bool debugLog = false) =>
        new(dataDirectory, ExtraTorrcLines: _network.ClientTorrcLines, DebugLog: debugLog);

    private (IActorRef Supervisor, TorReadiness Readiness) StartSupervisor(string dataDirectory, TorSupervisorSettings? settings = null)
    {
        var readiness = new TorReadiness();
        var supervisor = Sys.ActorOf(TorSupervisorActor.Props(new TorLauncher(AppTor(dataDirectory)), readiness, settings));
        return (supervisor, readiness);
    }

    /// <summary>
    /// A client tor wired as the product wires it (ProfileTor): its dialer reports onion dials to an
    /// <see cref="OnionReachability"/> that asks the supervisor for SIGNAL NEWNYM (ADR 0068); every NEWNYM tor accepted
    /// is counted from the EventStream.
    /// </summary>
    private RecoveringClient StartRecoveringClient(string name, TorSupervisorSettings? settings = null)
    {
        var (supervisor, readiness) = StartSupervisor(NewDataDirectory(name), settings);
        var onions = new OnionReachability(TimeProvider.System, () => supervisor.Tell(ForgetOnionState.Instance));
        var sockets = new RecordingSocketFactory();
        var forgotten = CreateTestProbe();
        Sys.EventStream.Subscribe(forgotten.Ref, typeof(OnionStateForgotten));
        return new RecoveringClient(supervisor, new FailClosedDialer(readiness, sockets, DialPolicy.TorOnly, onions), onions, sockets, forgotten);
    }

    private sealed record RecoveringClient(
        IActorRef Supervisor, FailClosedDialer Dialer, OnionReachability Onions, RecordingSocketFactory Sockets, Akka.TestKit.TestProbe Forgotten)
    {
        /// <summary>How many SIGNAL NEWNYM tor has accepted so far (drains the probe).</summary>
        public int NewnymsAccepted { get; private set; }

        public int CountNewnyms()
        {
            while (Forgotten.HasMessages)
            {
                Forgotten.ReceiveOne(TimeSpan.Zero);
                NewnymsAccepted++;
            }

            return NewnymsAccepted;
        }
    }

    /// <summary>
    /// The set-up of the onion tests: an echo server on loopback, an onion service with a fresh random key in front of it
    /// (virtual port 80) on a supervised service tor, and a client tor wired as the product wires it; returns once the
    /// service's tor has published the service and both tors are bootstrapped.
    /// </summary>
    private async Task<OnionServiceRun> StartOnionServiceAsync(
        string name, TorSupervisorSettings? serviceSettings = null, TorSupervisorSettings? clientSettings = null)
    {
        var echo = new EchoServer();
        try
        {
            var seed = new byte[OnionServiceKey.SeedLength];
            Random.Shared.NextBytes(seed);
            var address = OnionServiceKey.FromSeed(seed).Address;

            var (service, _) = StartSupervisor(NewDataDirectory(name + "-service"), serviceSettings);
            var client = StartRecoveringClient(name + "-client", clientSettings);
            service.Tell(new AddOnionService("profile", OnionServiceKey.FromSeed(seed), 80, echo.EndPoint), TestActor);
            Assert.Equal(address, (await ExpectMsgAsync<OnionServiceRegistered>(TimeSpan.FromSeconds(10))).Address);

            var serviceReady = await WaitForStatusAsync(service, s => s.IsReady && s.PublishedServices.Contains("profile"), s_coldStart);
            await WaitForStatusAsync(client.Supervisor, s => s.IsReady, s_coldStart);
            return new OnionServiceRun(echo, address, service, serviceReady, client);
        }
        catch
        {
            await echo.DisposeAsync();
            throw;
        }
    }

    /// <summary>What <see cref="StartOnionServiceAsync"/> started; disposing stops the echo server (the tests stop the tors).</summary>
    private sealed record OnionServiceRun(EchoServer Echo, OnionAddress Address, IActorRef Service, TorStatus ServiceReady, RecoveringClient Client)
        : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Echo.DisposeAsync();
    }

    private async Task<TorStatus> WaitForStatusAsync(IActorRef supervisor, Func<TorStatus, bool> predicate, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var status = await supervisor.Ask<TorStatus>(GetTorStatus.Instance, TimeSpan.FromSeconds(5));
            if (predicate(status))
            {
                return status;
            }

            Assert.True(clock.Elapsed < deadline, $"tor status still {status} after {deadline}");
            await Task.Delay(s_retry);
        }
    }

    private static async Task<(Stream Stream, TimeSpan Elapsed, int Attempts)> DialUntilConnectedAsync(
        FailClosedDialer dialer, string host, int port, TimeSpan deadline)
    {
        var (stream, elapsed, attempts, _) = await DialUntilConnectedCountingAsync(dialer, host, port, deadline);
        return (stream, elapsed, attempts);
    }

    /// <summary>Dials every 0.5 s until connected; also says what the failed attempts were (e.g. "Timeout×3, F2×5").</summary>
    private static async Task<(Stream Stream, TimeSpan Elapsed, int Attempts, string Failures)> DialUntilConnectedCountingAsync(
        FailClosedDialer dialer, string host, int port, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        var attempts = 0;
        var failures = new SortedDictionary<string, int>(StringComparer.Ordinal);
        DialResult last = DialResult.TorNotReady.Instance;
        while (clock.Elapsed < deadline)
        {
            attempts++;
            last = await dialer.DialAsync(host, port, CancellationToken.None);
            if (last is DialResult.Connected connected)
            {
                return (connected.Stream, clock.Elapsed, attempts, Summary(failures));
            }

            var kind = last switch
            {
                DialResult.Failed { ReplyCode: { } code } => string.Create(CultureInfo.InvariantCulture, $"{(byte)code:X2}"),
                DialResult.Failed failed => failed.Reason.ToString(),
                _ => "TorNotReady",
            };
            failures[kind] = failures.GetValueOrDefault(kind) + 1;
            await Task.Delay(s_retry);
        }

        Assert.Fail($"no connection to the onion service within {deadline}; last result {last}; failures {Summary(failures)}");
        throw new UnreachableException();
    }

    private static string Summary(SortedDictionary<string, int> failures) =>
        failures.Count == 0 ? "none" : string.Join(", ", failures.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key}×{f.Value}")));

    private static async Task<TimeSpan> RoundTripAsync(Stream stream, byte[] message)
    {
        var echo = new byte[message.Length];
        var clock = Stopwatch.StartNew();
        await stream.WriteAsync(message);
        await stream.ReadExactlyAsync(echo).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        clock.Stop();
        Assert.Equal(message, echo);
        return clock.Elapsed;
    }

    private void Report(string line)
    {
        _output.WriteLine(line);
        Console.WriteLine("[tor figures] " + line);
    }

    private static async Task SignalAsync(string signal, int pid)
    {
        using var kill = Process.Start("kill", [signal, pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    private static bool ProcessIsGone(int pid) => !Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    [Fact]
    public async Task The_supervisor_bootstraps_an_app_tor_to_100_percent_and_leaves_no_log_file_behind()
    {
        var dataDirectory = NewDataDirectory("bootstrap");
        var clock = Stopwatch.StartNew();
        var (supervisor, readiness) = StartSupervisor(dataDirectory);

        var ready = await WaitForStatusAsync(supervisor, s => s.IsReady, s_coldStart);
        Report($"consensus of the private network after {_network.TimeToConsensus.TotalSeconds:F1} s; app tor bootstrapped to 100 % in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(100, ready.BootstrapPercent);
        Assert.Equal(ready.SocksEndPoint, readiness.SocksEndPointIfReady);
        Assert.True(IPAddress.IsLoopback(ready.SocksEndPoint!.Address));

        Watch(supervisor);
        Sys.Stop(supervisor);
        await ExpectTerminatedAsync(supervisor, TimeSpan.FromSeconds(30));

        Assert.True(ProcessIsGone(ready.ProcessId!.Value), "tor still runs after the supervisor stopped");
        var files = Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        Assert.DoesNotContain(files, f => Path.GetFileName(f).Contains("log", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(files, f => File.ReadAllText(f).Contains("[notice]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_onion_address_of_a_stored_key_is_tors_service_id_and_survives_a_tor_restart()
    {
        var dataDirectory = NewDataDirectory("stable");
        using var key = OnionServiceKey.FromSeed(Convert.FromHexString(Rfc8032Seed));
        var target = new IPEndPoint(IPAddress.Loopback, 9);
        var addresses = new List<OnionAddress>();

        for (var run = 0; run < 2; run++)
        {
            var session = await TorSession.StartAsync(AppTor(dataDirectory), CancellationToken.None);
            Assert.True(session.IsOk, session.ToString());
            await using (session.Value)
            {
                var added = await session.Value.AddOnionServiceAsync(key, 80, target, CancellationToken.None);
                Assert.True(added.IsOk, added.ToString());
                addresses.Add(added.Value);
            }
        }

        Assert.All(addresses, a => Assert.Equal(Rfc8032Address, a.ServiceId));
        Assert.All(addresses, a => Assert.Equal(key.Address, a));
    }

    [Fact]
    public async Task The_debug_log_is_written_only_when_asked_for()
    {
        var dataDirectory = NewDataDirectory("debuglog");
        var session = await TorSession.StartAsync(AppTor(dataDirectory, debugLog: true), CancellationToken.None);
        Assert.True(session.IsOk, session.ToString());
        await session.Value.DisposeAsync();

        Assert.True(File.Exists(Path.Combine(dataDirectory, "tor-debug.log")));
    }

    [Fact]
    public async Task An_onion_service_is_reached_through_a_second_tor_both_ways_and_again_after_its_tor_is_killed()
    {
        var clock = Stopwatch.StartNew();
        await using var onion = await StartOnionServiceAsync("both-ways");
        var (_, address, service, serviceReady, recovering) = onion;
        var client = recovering.Supervisor;
        var bothReady = clock.Elapsed;

        var sockets = recovering.Sockets;
        var dialer = recovering.Dialer;
        var first = await DialUntilConnectedAsync(dialer, address.HostName, 80, s_coldStart);
        var message = new byte[64];
        Random.Shared.NextBytes(message);
        await using (first.Stream)
        {
            await RoundTripAsync(first.Stream, message);
        }

        var firstReachable = clock.Elapsed;

        var connect = Stopwatch.StartNew();
        var again = await DialUntilConnectedAsync(dialer, address.HostName, 80, TimeSpan.FromSeconds(30));
        connect.Stop();
        var roundTrips = new List<double>();
        await using (again.Stream)
        {
            for (var i = 0; i < 50; i++)
            {
                Random.Shared.NextBytes(message);
                roundTrips.Add((await RoundTripAsync(again.Stream, message)).TotalMilliseconds);
            }
        }

        roundTrips.Sort();
        Report(string.Create(CultureInfo.InvariantCulture,
            $"two app tors ready after {bothReady.TotalSeconds:F1} s; onion first reachable after {firstReachable.TotalSeconds:F1} s ({first.Attempts} dial attempts)"));
        Report(string.Create(CultureInfo.InvariantCulture,
            $"connect to the known onion {connect.Elapsed.TotalMilliseconds:F0} ms; 64-byte echo round trip over 50: median {roundTrips[25]:F1} ms, p90 {roundTrips[45]:F1} ms, max {roundTrips[^1]:F1} ms"));

        // Kill the service's tor outright: the supervisor must relaunch it and publish the same address again.
        var killedAt = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-KILL", serviceReady.ProcessId!.Value.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var back = await WaitForStatusAsync(
            service, s => s.IsReady && s.Restarts == 1 && s.PublishedServices.Contains("profile"), s_coldStart);
        Assert.NotEqual(serviceReady.ProcessId, back.ProcessId);
        var relaunched = killedAt.Elapsed;
        var newnymsBefore = recovering.CountNewnyms();
        var afterRestart = await DialUntilConnectedCountingAsync(dialer, address.HostName, 80, s_reachableAgain);
        await using (afterRestart.Stream)
        {
            await RoundTripAsync(afterRestart.Stream, message);
        }

        // The same onion is reached again through the product's path: the dialer's OnionReachability asks for
        // SIGNAL NEWNYM when the client's tor keeps failing on stale state (ADR 0068); how often that happened is reported.
        Report(string.Create(CultureInfo.InvariantCulture,
            $"after SIGKILL of the service's tor: relaunched, bootstrapped and re-published in {relaunched.TotalSeconds:F1} s; reachable again {killedAt.Elapsed.TotalSeconds:F1} s after the kill ({afterRestart.Attempts} dial attempts, failures: {afterRestart.Failures}; NEWNYM requested {recovering.Onions.RecoveriesRequested}, accepted by tor {recovering.CountNewnyms() - newnymsBefore})"));

        // Every socket the dialer opened went to tor's SOCKS port on loopback.
        Assert.Empty(sockets.NonLoopbackAttempts);

        // With the client's tor stopped, dialing is refused without opening anything.
        var attemptsBefore = sockets.Attempts.Count;
        Watch(client);
        Sys.Stop(client);
        await ExpectTerminatedAsync(client, TimeSpan.FromSeconds(30));
        Assert.IsType<DialResult.TorNotReady>(await dialer.DialAsync(address.HostName, 80, CancellationToken.None));
        Assert.IsType<DialResult.TorNotReady>(await dialer.DialAsync("198.51.100.7", 443, CancellationToken.None));
        Assert.Equal(attemptsBefore, sockets.Attempts.Count);
        Assert.All(SocketSnapshot.PeersOfThisProcess(), p => Assert.True(SocketSnapshot.IsLoopbackOrUnspecified(p), "socket to " + p));

        Watch(service);
        Sys.Stop(service);
        await ExpectTerminatedAsync(service, TimeSpan.FromSeconds(30));
        Assert.True(ProcessIsGone(back.ProcessId!.Value), "the service's tor still runs after its supervisor stopped");
    }

    [Fact]
    public async Task An_onion_whose_tor_stays_down_while_the_client_keeps_dialing_is_reached_again_once_it_is_back()
    {
        // The service's tor is killed and relaunched only after 20 s; the client dials all the while, so its tor works
        // through the old descriptor, the HSDirs (which still serve it) and the dead introduction points before the new
        // descriptor exists: the state a contact's client is in while that contact's laptop restarts.
        var downtime = TimeSpan.FromSeconds(20);
        await using var onion = await StartOnionServiceAsync("down", TorSupervisorSettings.Default with { InitialBackoff = downtime });
        var (_, address, service, serviceReady, recovering) = onion;

        var message = new byte[64];
        Random.Shared.NextBytes(message);
        var first = await DialUntilConnectedAsync(recovering.Dialer, address.HostName, 80, s_coldStart);
        await using (first.Stream)
        {
            await RoundTripAsync(first.Stream, message);
        }

        var killedAt = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-KILL", serviceReady.ProcessId!.Value.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var serviceBack = WaitForStatusAsync(
            service, s => s.IsReady && s.Restarts == 1 && s.PublishedServices.Contains("profile"), downtime + s_coldStart);
        var newnymsBefore = recovering.CountNewnyms();
        var again = await DialUntilConnectedCountingAsync(recovering.Dialer, address.HostName, 80, downtime + s_reachableAgain);
        var reachableAgain = killedAt.Elapsed;
        await using (again.Stream)
        {
            await RoundTripAsync(again.Stream, message);
        }

        var back = await serviceBack;
        Assert.NotEqual(serviceReady.ProcessId, back.ProcessId);
        Report(string.Create(CultureInfo.InvariantCulture,
            $"service's tor down for {downtime.TotalSeconds:F0} s while the client dialed: reachable again {reachableAgain.TotalSeconds:F1} s after the kill ({again.Attempts} dial attempts, failures: {again.Failures}; NEWNYM requested {recovering.Onions.RecoveriesRequested}, accepted by tor {recovering.CountNewnyms() - newnymsBefore})"));
        Assert.Empty(recovering.Sockets.NonLoopbackAttempts);

        foreach (var supervisor in new[] { recovering.Supervisor, service })
        {
            Watch(supervisor);
            Sys.Stop(supervisor);
            await ExpectTerminatedAsync(supervisor, TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task A_rendezvous_stalled_on_an_introduction_to_a_dead_tor_is_given_up_through_newnym()
    {
        // The CI failure, made deterministic: the client introduces itself to the service while its tor is frozen
        // (SIGSTOP), so the intro point acknowledges and the client's rendezvous circuit waits for an answer that
        // never comes; then that tor is killed and relaunched. Every new stream to the onion stalls behind the waiting
        // circuit until tor abandons it (3 × CircuitBuildTimeout + 1 s = 181 s for a young tor), unless NEWNYM marks
        // it unusable (ADR 0068). The deadline below is shorter than that stall.
        await using var onion = await StartOnionServiceAsync(
            "stall", clientSettings: TorSupervisorSettings.Default with { ForgetOnionStateInterval = TimeSpan.FromSeconds(1) });
        var (_, address, service, serviceReady, recovering) = onion;

        var message = new byte[64];
        Random.Shared.NextBytes(message);
        var first = await DialUntilConnectedAsync(recovering.Dialer, address.HostName, 80, s_coldStart);
        await using (first.Stream)
        {
            await RoundTripAsync(first.Stream, message);
        }

        // Start from a clean client (no joined rendezvous circuit to reuse), so the next dial introduces itself anew.
        recovering.Supervisor.Tell(ForgetOnionState.Instance);
        await recovering.Forgotten.ExpectMsgAsync<OnionStateForgotten>(TimeSpan.FromSeconds(10));
        var pid = serviceReady.ProcessId!.Value;
        await SignalAsync("-STOP", pid);
        var stalled = await recovering.Dialer.DialAsync(address.HostName, 80, CancellationToken.None);
        var killedAt = Stopwatch.StartNew();
        await SignalAsync("-KILL", pid);
        Assert.Equal(new DialResult.Failed(DialFailure.Timeout), stalled);

        var back = await WaitForStatusAsync(service, s => s.IsReady && s.Restarts == 1 && s.PublishedServices.Contains("profile"), s_coldStart);
        var again = await DialUntilConnectedCountingAsync(recovering.Dialer, address.HostName, 80, s_reachableAgain);
        var reachableAgain = killedAt.Elapsed;
        await using (again.Stream)
        {
            await RoundTripAsync(again.Stream, message);
        }

        var accepted = recovering.CountNewnyms();
        Report(string.Create(CultureInfo.InvariantCulture,
            $"introduction to a frozen tor, then SIGKILL: reachable again {reachableAgain.TotalSeconds:F1} s after the kill ({again.Attempts} dial attempts, failures: {again.Failures}; NEWNYM requested {recovering.Onions.RecoveriesRequested}, accepted by tor {accepted})"));
        Assert.NotEqual(serviceReady.ProcessId, back.ProcessId);
        Assert.True(recovering.Onions.RecoveriesRequested >= 1, "the stalled onion was reached without the recovery path");
        Assert.Empty(recovering.Sockets.NonLoopbackAttempts);

        foreach (var supervisor in new[] { recovering.Supervisor, service })
        {
            Watch(supervisor);
            Sys.Stop(supervisor);
            await ExpectTerminatedAsync(supervisor, TimeSpan.FromSeconds(30));
        }
    }
}
