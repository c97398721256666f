using System.CommandLine;
using System.Globalization;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Transport;
using Pvtcoms.Protocol.Crypto;

namespace Pvtcoms.Host.Cli;

/// <summary>
/// <c>pvtcoms soak</c> (hidden; for the crash-invariant test): runs the profile's node and sends the messages
/// <c>m1 … mN</c> to one contact, at random short intervals, continuing after a restart from the first number
/// its store does not hold yet. Prints <c>SENT k</c> once <c>SendAsync</c> returned (the message is then the
/// user's: committed with its ratchet state) and <c>HAVE n</c> as the number of messages received from the
/// contact grows. Runs until killed or SIGTERM.
/// </summary>
public static class SoakCommand
{
    public static Command Create(Option<string?> profile)
    {
        var peer = new Option<string>("--peer") { Required = true };
        var count = new Option<int>("--count") { Required = true };
        var record = new Option<string?>("--record-headers");
        var command = new Command("soak", "Test driver: send m1..mN to a contact across crashes.") { peer, count, record };
        command.Hidden = true;
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(profile), parse.GetValue(peer)!, parse.GetValue(count), parse.GetValue(record), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string? profileName, string peerName, int count, string? recordHeaders, CancellationToken cancellationToken)
    {
        HttpRelayTransport? http = null;
        Func<RelayAccess, IRelayTransport> transport = access =>
        {
            http = new HttpRelayTransport(_ => access, TimeProvider.System, SystemEntropy.Instance);
            return recordHeaders is null ? http : new HeaderRecordingTransport(http, recordHeaders);
        };
        try
        {
            await using var session = await CliProfile.OpenAsync(profileName, create: false, transport: transport, pollInterval: TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
            var peer = ContactArgument.Resolve(session.Store.LoadContacts(), peerName);
            var sent = session.Store.LoadHistory(peer.Id, int.MaxValue).Count(m => m.Direction == MessageDirection.Outgoing);
            var have = -1;
            Console.Out.WriteLine($"START next {sent + 1}");
            while (!cancellationToken.IsCancellationRequested)
            {
                if (sent < count)
                {
                    sent++;
                    await session.Node.SendAsync(peer.Id, string.Create(CultureInfo.InvariantCulture, $"m{sent}")).ConfigureAwait(false);
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SENT {sent}"));
                }

                var received = session.Store.LoadHistory(peer.Id, int.MaxValue).Count(m => m.Direction == MessageDirection.Incoming);
                if (received != have)
                {
                    have = received;
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"HAVE {have}"));
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 80)), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (CliError e)
        {
            await Console.Error.WriteLineAsync($"pvtcoms: {e.Message}").ConfigureAwait(false);
            return e.ExitCode;
        }
        finally
        {
            http?.Dispose();
        }

        return 0;
    }
}
