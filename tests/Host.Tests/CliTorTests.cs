using System.Globalization;
using System.Text.RegularExpressions;
using Pvtcoms.Host.Tests.Support;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Onion;

namespace Pvtcoms.Host.Tests;

/// <summary>
/// Issue 5 points 2 and 3 in the CLI: a profile hosting its own inbox gets an onion address that stays the same from
/// one run to the next; a profile whose relay is an onion starts its own tor in the profile and, while that tor cannot
/// bootstrap, queues instead of sending anywhere. tor joins a "network" whose only authority does not exist, so it
/// never reaches anything (and never the real Tor network).
/// </summary>
public sealed partial class CliTorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pvtcoms-clitor-").FullName;

    [GeneratedRegex(@"relay ([a-z2-7]{56}\.onion:80) \(own onion inbox\)")]
    private static partial Regex OwnInboxLine();

    [Fact]
    public async Task A_profile_hosting_its_own_inbox_keeps_its_onion_address_from_one_run_to_the_next()
    {
        var env = Environment("data");

        var init = await PvtcomsCli.RunAsync(env, "init", "--profile", "alice", "--host-inbox");
        Assert.True(init.ExitCode == 0, init.ToString());
        var address = OwnInboxLine().Match(init.Out);
        Assert.True(address.Success, init.ToString());

        var invite = await PvtcomsCli.RunAsync(env, "invite", "--profile", "alice");
        Assert.True(invite.ExitCode == 0, invite.ToString());
        var parsed = Invite.Parse(invite.Out.Trim());
        Assert.True(parsed.IsOk, invite.ToString());
        Assert.Equal(address.Groups[1].Value, parsed.Value.Relay.Address);

        var profile = Path.Combine(_root, "data", "profiles", "alice");
        Assert.True(Directory.Exists(Path.Combine(profile, "tor")), "the profile's tor has its DataDirectory in the profile");
        Assert.True(File.Exists(Path.Combine(profile, "inbox", "relay.db")), "the profile's inbox keeps its database in the profile");
        Assert.False(File.Exists(Path.Combine(profile, "tor", "tor-debug.log")));
        Assert.DoesNotContain(address.Groups[1].Value, invite.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_introduction_to_an_onion_relay_stays_queued_while_the_profiles_tor_cannot_bootstrap()
    {
        using var onion = OnionServiceKey.FromSeed(Enumerable.Repeat((byte)7, OnionServiceKey.SeedLength).ToArray());
        var relay = string.Create(CultureInfo.InvariantCulture, $"{onion.Address.HostName}:80");
        var env = Environment("queued");
        Assert.Equal(0, (await PvtcomsCli.RunAsync(env, "init", "--profile", "alice", "--relay", relay)).ExitCode);
        Assert.Equal(0, (await PvtcomsCli.RunAsync(env, "init", "--profile", "bob", "--relay", relay)).ExitCode);
        var invite = await PvtcomsCli.RunAsync(env, "invite", "--profile", "alice");
        Assert.True(invite.ExitCode == 0, invite.ToString());

        var accept = await PvtcomsCli.RunAsync(env, "accept", "--profile", "bob", invite.Out.Trim(), "--name", "Alice", "--message", "hi");

        Assert.True(accept.ExitCode == 0, accept.ToString());
        Assert.Contains("the introduction is queued", accept.Out, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(_root, "queued", "profiles", "bob", "tor")), "bob's CLI started his own tor");
        var inbox = await PvtcomsCli.RunAsync(env, "inbox", "--profile", "bob", "--contact", "Alice");
        Assert.Contains("-> #1 [queued] hi", inbox.Out, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Environment(string name)
    {
        var torrc = Path.Combine(_root, name + "-torrc");
        File.WriteAllLines(torrc,
        [
            "TestingTorNetwork 1",
            "DirAuthority nobody orport=9 no-v2 v3ident=0000000000000000000000000000000000000001 127.0.0.1:9 0000000000000000000000000000000000000002",
            "UseMicrodescriptors 0",
            "ShutdownWaitLength 0",
        ]);
        return new Dictionary<string, string>
        {
            ["PVTCOMS_DATA_DIR"] = Path.Combine(_root, name),
            ["PVTCOMS_PASSPHRASE"] = "correct horse battery staple",
            ["PVTCOMS_RELAY_POW"] = "1",
            ["PVTCOMS_TOR_EXTRA_TORRC"] = torrc,
        };
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A tor that is still exiting may hold a file for a moment; the temp directory is left behind.
        }
    }
}
