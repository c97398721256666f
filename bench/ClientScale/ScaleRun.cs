using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Akka.Actor;
using Pvtcoms.Actors.Client;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.ClientScale;

/// <summary>
/// One measured start of the built profile, in a fresh process: store open, node start, contacts listed, first
/// poll; then (with <c>touch</c>) memory with every contact actor started and after they passivate.
/// </summary>
internal static class ScaleRun
{
    public static async Task RunAsync(string directory, bool touch, TimeSpan idleTimeout, TextWriter log)
    {
        var sinceProcessStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
        var deviceKey = File.ReadAllBytes(Path.Combine(directory, ProfileBuilder.DeviceKeyFile));
        var clock = Stopwatch.StartNew();
        using var store = SqliteClientStore.Open(Path.Combine(directory, ProfileBuilder.DatabaseFile), deviceKey, SystemEntropy.Instance);
        var storeOpen = clock.Elapsed;

        var transport = new NoopRelayTransport();
        clock.Restart();
        var node = await ClientNode.StartAsync(new ClientNodeOptions
        {
            Store = store,
            OwnRelay = ProfileBuilder.OwnRelay,
            Transport = transport,
            DisplayName = "me",
            ContactIdleTimeout = idleTimeout,
        }).ConfigureAwait(false);
        var nodeStart = clock.Elapsed;

        clock.Restart();
        var contacts = node.Contacts.Count;
        var listContacts = clock.Elapsed;

        clock.Restart();
        await node.PollNowAsync().ConfigureAwait(false);
        var firstPoll = clock.Elapsed;
        var fetches = transport.Fetches;
        var total = sinceProcessStart + storeOpen + nodeStart + listContacts + firstPoll;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cold start: {contacts} contacts; process start → Main {Ms(sinceProcessStart)}, store open {Ms(storeOpen)}, ClientNode.StartAsync {Ms(nodeStart)}, Contacts listed {Ms(listContacts)}, first PollNowAsync {Ms(firstPoll)} ({fetches} fetch calls); total {Ms(total)}; process CPU time so far {Ms(cpu)}"));

        if (touch)
        {
            await MeasureMemoryAsync(node, transport, contacts, idleTimeout, log).ConfigureAwait(false);
        }

        await node.StopAsync().ConfigureAwait(false);
    }

    private static async Task MeasureMemoryAsync(ClientNode node, NoopRelayTransport transport, int contacts, TimeSpan idleTimeout, TextWriter log)
    {
        var system = (ActorSystem)typeof(ClientNode).GetField("_system", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(node)!;
        log.WriteLine(ProcessMemory.Snapshot("idle after start, no contact actor", collect: false));
        log.WriteLine(ProcessMemory.Snapshot("idle after start, no contact actor", collect: true) + $", contact actors {await CountContactActorsAsync(system).ConfigureAwait(false)}");

        var fetchesBefore = transport.Fetches;
        transport.Touching = true;
        var clock = Stopwatch.StartNew();
        await node.PollNowAsync().ConfigureAwait(false);
        transport.Touching = false;
        var touchTime = clock.Elapsed;
        var alive = await CountContactActorsAsync(system).ConfigureAwait(false);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"touch: one poll ({transport.Fetches - fetchesBefore} fetch calls, an undecryptable blob under every token) took {Ms(touchTime)}; contact actors alive {alive} of {contacts}"));
        log.WriteLine(ProcessMemory.Snapshot("peak, every contact actor alive", collect: false));
        log.WriteLine(ProcessMemory.Snapshot("peak, every contact actor alive", collect: true));

        var deadline = Stopwatch.StartNew();
        int remaining;
        var waits = 0;
        do
        {
            await Task.Delay(idleTimeout + TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            remaining = await CountContactActorsAsync(system).ConfigureAwait(false);
        }
        while (remaining > 0 && ++waits < 3);

        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"passivation: {remaining} contact actors left {deadline.Elapsed.TotalSeconds:F1} s after the touch poll (idle timeout {idleTimeout.TotalSeconds:F0} s)"));
        log.WriteLine(ProcessMemory.Snapshot("after passivation", collect: false));
        log.WriteLine(ProcessMemory.Snapshot("after passivation", collect: true));
    }

    /// <summary>
    /// Counts the profile's live contact children: an Identify to each through a selection, answers counted by a
    /// small actor until 1 s passes without one. (An Identify resets a contact's idle timer, so this is done only
    /// at the measuring points, never in a loop while waiting for passivation.)
    /// </summary>
    private static async Task<int> CountContactActorsAsync(ActorSystem system)
    {
        var counter = new IdentityCounter();
        var receiver = system.ActorOf(Props.Create(() => new IdentityCounterActor(counter)));
        system.ActorSelection("/user/profile/contact-*").Tell(new Identify(null), receiver);
        var last = -1;
        while (last != counter.Count)
        {
            last = counter.Count;
            await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }

        system.Stop(receiver);
        return last;
    }

    private sealed class IdentityCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);
    }

    private sealed class IdentityCounterActor : ReceiveActor
    {
        public IdentityCounterActor(IdentityCounter counter) =>
            Receive<ActorIdentity>(identity =>
            {
                if (identity.Subject is not null)
                {
                    counter.Add();
                }
            });
    }

    private static string Ms(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:F0} ms");
}
