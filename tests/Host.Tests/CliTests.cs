using Pvtcoms.Host.Tests.Support;

namespace Pvtcoms.Host.Tests;

/// <summary>Issue 4 point 7: the headless CLI, as separate processes against a relay process.</summary>
public sealed class CliTests(RelayFixture relay) : IClassFixture<RelayFixture>
{
    private Dictionary<string, string> Env(string root, string? passphrase = null) =>
        passphrase is null ? relay.ClientEnvironment(root) : relay.ClientEnvironment(root, passphrase);

    private string NewRoot() => Path.Combine(relay.Root, Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Two_profiles_onboard_through_an_invite_and_exchange_messages_with_the_cli()
    {
        var root = NewRoot();
        var env = Env(root);
        Assert.Equal(0, (await PvtcomsCli.RunAsync(env, "init", "--profile", "alice")).ExitCode);
        Assert.Equal(0, (await PvtcomsCli.RunAsync(env, "init", "--profile", "bob")).ExitCode);

        var invite = await PvtcomsCli.RunAsync(env, "invite", "--profile", "alice");
        Assert.Equal(0, invite.ExitCode);
        Assert.StartsWith("pvtcoms1:", invite.Out.Trim(), StringComparison.Ordinal);

        var accept = await PvtcomsCli.RunAsync(env, "accept", "--profile", "bob", invite.Out.Trim(), "--name", "Alice", "--message", "hi alice, it is bob");
        Assert.True(accept.ExitCode == 0, accept.ToString());
        Assert.Contains("at the inviter's relay", accept.Out, StringComparison.Ordinal);

        var aliceInbox = await PvtcomsCli.RunAsync(env, "inbox", "--profile", "alice");
        Assert.True(aliceInbox.ExitCode == 0, aliceInbox.ToString());
        Assert.Contains("<- #1 [received] hi alice, it is bob", aliceInbox.Out, StringComparison.Ordinal);

        var contacts = await PvtcomsCli.RunAsync(env, "contacts", "--profile", "alice");
        var bobName = Assert.Single(contacts.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Split("  ")[1];

        var send = await PvtcomsCli.RunAsync(env, "send", "--profile", "alice", bobName, "hello bob");
        Assert.True(send.ExitCode == 0, send.ToString());
        Assert.Contains("at relay", send.Out, StringComparison.Ordinal);

        var bobInbox = await PvtcomsCli.RunAsync(env, "inbox", "--profile", "bob", "--contact", "alice");
        Assert.Contains("<- #1 [received] hello bob", bobInbox.Out, StringComparison.Ordinal);
        Assert.Contains("-> #1 [delivered] hi alice, it is bob", bobInbox.Out, StringComparison.Ordinal);

        var atAlice = await PvtcomsCli.RunAsync(env, "verify", "--profile", "alice", bobName);
        var atBob = await PvtcomsCli.RunAsync(env, "verify", "--profile", "bob", "alice", "--mark");
        Assert.Equal(atAlice.Out.Split('\n')[0], atBob.Out.Split('\n')[0]);
        Assert.Matches(@"^(\d{5} ){11}\d{5}$", atAlice.Out.Split('\n')[0].Trim());
        Assert.Contains("(verified)", (await PvtcomsCli.RunAsync(env, "contacts", "--profile", "bob")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_passphrase_is_an_error_and_never_a_fresh_identity()
    {
        var root = NewRoot();
        var created = await PvtcomsCli.RunAsync(Env(root), "init", "--profile", "carol");
        Assert.Equal(0, created.ExitCode);

        var wrong = await PvtcomsCli.RunAsync(Env(root, "not the passphrase"), "contacts", "--profile", "carol");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("wrong passphrase", wrong.Error, StringComparison.Ordinal);

        var again = await PvtcomsCli.RunAsync(Env(root), "init", "--profile", "carol");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already initialised", again.Error, StringComparison.Ordinal);
        Assert.Equal(created.Out.Split("identity ")[1].Split(';')[0], await FingerprintAsync(root, "carol"));
    }

    [Theory]
    [InlineData("contacts", "--profile", "nobody-yet")]
    [InlineData("send", "--profile", "dave", "nobody", "text")]
    [InlineData("accept", "--profile", "dave", "pvtcoms1:AAAA", "--name", "x")]
    [InlineData("accept", "--profile", "dave", "not an invite at all", "--name", "x")]
    [InlineData("verify", "--profile", "dave", "nobody")]
    [InlineData("send", "--profile", "dave", "nobody", "")]
    [InlineData("contacts", "--profile", "Bad Name!")]
    [InlineData("inbox", "--profile", "dave", "--last", "0")]
    [InlineData("init", "--profile", "erin", "--relay", "example.com:80")]
    public async Task Wrong_input_is_a_clear_error_with_exit_code_2(params string[] args)
    {
        var root = await DaveRootAsync();

        var result = await PvtcomsCli.RunAsync(Env(root), args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("pvtcoms: ", result.Error.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    /// <summary>One initialised profile "dave" shared by the wrong-input cases (each case only reads it).</summary>
    private Task<string> DaveRootAsync() => relay.SharedProfileAsync("dave");

    private async Task<string> FingerprintAsync(string root, string profile)
    {
        var whoami = await PvtcomsCli.RunAsync(Env(root), "whoami", "--profile", profile);
        Assert.True(whoami.ExitCode == 0, whoami.ToString());
        return whoami.Out.Trim();
    }
}
