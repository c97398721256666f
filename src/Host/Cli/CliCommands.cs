using System.CommandLine;
using System.Globalization;
using Pvtcoms.Actors.Storage;
using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Host.Cli;

/// <summary>
/// The headless CLI: <c>init</c>, <c>invite</c>, <c>accept</c>, <c>send</c>, <c>inbox</c>, <c>contacts</c>, <c>verify</c>.
/// Each command opens the profile (<c>--profile NAME</c>), does one thing, lets the outbox and the poller run for
/// a moment, and stops. Results go to stdout, errors to stderr with exit code 2 (wrong input or configuration)
/// or 1 (the operation did not complete).
/// </summary>
public static class CliCommands
{
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(15);

    public static void AddTo(RootCommand root, Option<string?> profile)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Subcommands.Add(Init(profile));
        root.Subcommands.Add(Invite(profile));
        root.Subcommands.Add(Accept(profile));
        root.Subcommands.Add(Send(profile));
        root.Subcommands.Add(Inbox(profile));
        root.Subcommands.Add(Contacts(profile));
        root.Subcommands.Add(Verify(profile));
        root.Subcommands.Add(SoakCommand.Create(profile));
        root.Subcommands.Add(WhoAmI(profile));
    }

    private static Command Init(Option<string?> profile)
    {
        var relay = new Option<string?>("--relay") { Description = "The relay this profile polls (an .onion address, or 127.0.0.1:PORT for a local relay)." };
        var hostInbox = new Option<bool>("--host-inbox")
        {
            Description = "Host this profile's own inbox on its own onion service (needs tor): contacts deliver directly, without a third-party relay, while pvtcoms runs.",
        };
        var command = new Command("init", "Create a profile: device key (OS keystore or passphrase), identity, prekeys.") { relay, hostInbox };
        command.SetAction((parse, _) => Guard(async output =>
        {
            await using var session = await CliProfile.OpenAsync(parse.GetValue(profile), create: true, parse.GetValue(relay),
                hostInbox: parse.GetValue(hostInbox)).ConfigureAwait(false);
            var relayText = session.HostsInbox ? $"{session.OwnRelay.Address} (own onion inbox)" : session.Relay.Relay.Address;
            await output.WriteLineAsync($"profile '{session.Name}' created; identity {session.Node.Identity.Fingerprint}; relay {relayText}").ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static Command Invite(Option<string?> profile)
    {
        var command = new Command("invite", "Print a new invite (pvtcoms1:…) to hand to one person out of band.");
        command.SetAction((parse, _) => Guard(async output =>
        {
            await using var session = await CliProfile.OpenAsync(parse.GetValue(profile), create: false).ConfigureAwait(false);
            var invite = await session.Node.CreateInviteAsync().ConfigureAwait(false);
            // output-hygiene: the invite is what the user asked for; it is printed once, to their own stdout
            await output.WriteLineAsync(invite).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static Command Accept(Option<string?> profile)
    {
        var invite = new Argument<string>("invite") { Description = "The invite text (pvtcoms1:…)." };
        var name = new Option<string>("--name") { Description = "What to call this contact.", Required = true };
        var message = new Option<string?>("--message") { Description = "A first message, sent with the introduction." };
        var command = new Command("accept", "Accept an invite: the inviter learns about you when they next come online.") { invite, name, message };
        command.SetAction((parse, _) => Guard(async output =>
        {
            var text = parse.GetValue(invite) ?? string.Empty;
            if (!Protocol.Invites.Invite.Parse(text.Trim()).IsOk)
            {
                throw new CliError("that is not a valid pvtcoms invite (check that it was copied completely)");
            }

            var contactName = parse.GetValue(name) ?? string.Empty;
            if (contactName.Trim().Length == 0)
            {
                throw new CliError("--name must not be empty");
            }

            await using var session = await CliProfile.OpenAsync(parse.GetValue(profile), create: false).ConfigureAwait(false);
            var contact = await session.Node.AcceptInviteAsync(text.Trim(), contactName.Trim(), parse.GetValue(message)).ConfigureAwait(false);
            var sent = await SettleAsync(session, () => session.Store.LoadOutbox().All(o => o.Contact != contact)).ConfigureAwait(false);
            await output.WriteLineAsync(sent
                ? $"contact {contact} added; the introduction is at the inviter's relay"
                : $"contact {contact} added; the introduction is queued and will be sent the next time pvtcoms runs").ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static Command Send(Option<string?> profile)
    {
        var contact = new Argument<string>("contact") { Description = "Contact name or id (see `pvtcoms contacts`)." };
        var text = new Argument<string>("text") { Description = "The message." };
        var command = new Command("send", "Send a message.") { contact, text };
        command.SetAction((parse, _) => Guard(async output =>
        {
            var body = parse.GetValue(text) ?? string.Empty;
            if (body.Length == 0)
            {
                throw new CliError("an empty message is not sent");
            }

            await using var session = await CliProfile.OpenAsync(parse.GetValue(profile), create: false).ConfigureAwait(false);
            var to = ContactArgument.Resolve(session.Store.LoadContacts(), parse.GetValue(contact) ?? string.Empty);
            var id = await session.Node.SendAsync(to.Id, body).ConfigureAwait(false);
            await SettleAsync(session, () => session.Store.LoadMessage(id)?.State is not DeliveryState.Queued).ConfigureAwait(false);
            var state = session.Store.LoadMessage(id)?.State ?? DeliveryState.Queued;
            await output.WriteLineAsync($"message {id}: {StateText(state)}").ConfigureAwait(false);
            return state == DeliveryState.Failed ? 1 : 0;
        }));
        return command;
    }

    private static Command Inbox(Option<string?> profile)
    {
        var contact = new Option<string?>("--contact") { Description = "Only this contact." };
        var last = new Option<int>("--last") { Description = "How many messages per contact.", DefaultValueFactory = _ => 20 };
        var command = new Command("inbox", "Fetch new messages from the relay and show the conversations.") { contact, last };
        command.SetAction((parse, _) => Guard(async output =>
        {
            var count = parse.GetValue(last);
            if (count is < 1 or > 10_000)
            {
                throw new CliError("--last must be 1..10000");
            }

            await using var session = await CliProfile.OpenAsync(parse.GetValue(profile), create: false).ConfigureAwait(false);
            await DrainAsync(session).ConfigureAwait(false);
            var contacts = session.Store.LoadContacts();
            if (parse.GetValue(contact) is { } only)
            {
                contacts = [ContactArgument.Resolve(contacts, only)];
            }

            foreach (var c in contacts)
            {
                // output-hygiene: the user's own conversations, shown to them on their own terminal
                await output.WriteLineAsync($"== {c.DisplayName} ({c.Id})").ConfigureAwait(false);
                foreach (var m in session.Store.LoadHistory(c.Id, count))
                {
                    var arrow = m.Direction == MessageDirection.Incoming ? "<-" : "->";
                    var time = m.Timestamp.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                    // output-hygiene: the user's own messages, shown to them on their own terminal
                    await output.WriteLineAsync($"{time} {arrow} #{m.Sequence} [{StateText(m.State)}] {m.Text}").ConfigureAwait(false);
                }
            }

            return 0;
        }));
        return command;
    }

    private static Command Contacts(Option<string?> profile)
    {
        var command = new Command("contacts", "List contacts with their verification state.");
        command.SetAction((parse, _) => Guard(async output =>
        {
            await using var session = await CliProfile.OpenAsync(parse.GetValue(profile), create: false).ConfigureAwait(false);
            foreach (var c in session.Store.LoadContacts())
            {
                var flags = (c.Verified ? "verified" : "not verified") + (c.PreviousIdentityKey is null ? string.Empty : ", KEY CHANGED");
                // output-hygiene: the user's own contact list, shown to them on their own terminal
                await output.WriteLineAsync($"{c.Id.Value:N}  {c.DisplayName}  ({flags})").ConfigureAwait(false);
            }

            return 0;
        }));
        return command;
    }

    private static Command Verify(Option<string?> profile)
    {
        var contact = new Argument<string>("contact") { Description = "Contact name or id." };
        var mark = new Option<bool>("--mark") { Description = "Mark the contact verified (after comparing the numbers in person or by voice)." };
        var command = new Command("verify", "Show the safety number shared with a contact; compare it with theirs.") { contact, mark };
        command.SetAction((parse, _) => Guard(async output =>
        {
            await using var session = await CliProfile.OpenAsync(parse.GetValue(profile), create: false).ConfigureAwait(false);
            var c = ContactArgument.Resolve(session.Store.LoadContacts(), parse.GetValue(contact) ?? string.Empty);
            var number = session.Node.SafetyNumberWith(c.Id);
            await output.WriteLineAsync(number.Digits).ConfigureAwait(false);
            await output.WriteLineAsync(number.Emoji).ConfigureAwait(false);
            if (parse.GetValue(mark))
            {
                await session.Node.MarkVerifiedAsync(c.Id).ConfigureAwait(false);
                await output.WriteLineAsync("marked verified").ConfigureAwait(false);
            }

            return 0;
        }));
        return command;
    }

    private static Command WhoAmI(Option<string?> profile)
    {
        var command = new Command("whoami", "Print this profile's identity fingerprint (public).");
        command.SetAction((parse, _) => Guard(async output =>
        {
            await using var session = await CliProfile.OpenAsync(parse.GetValue(profile), create: false).ConfigureAwait(false);
            await output.WriteLineAsync(session.Node.Identity.Fingerprint).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static string StateText(DeliveryState state) => state switch
    {
        DeliveryState.Queued => "queued",
        DeliveryState.AtRelay => "at relay",
        DeliveryState.Delivered => "delivered",
        DeliveryState.Read => "read",
        DeliveryState.Failed => "FAILED",
        DeliveryState.Received => "received",
        _ => state.ToString(),
    };

    /// <summary>Lets the node poll and flush until the condition holds (15 s at most).</summary>
    private static async Task<bool> SettleAsync(CliProfile session, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + s_settle;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await session.Node.PollNowAsync().ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromMilliseconds(50)).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Polls until two polls in a row bring nothing new and the outbox (receipts) is empty, or 15 s.</summary>
    private static async Task DrainAsync(CliProfile session)
    {
        var deadline = DateTime.UtcNow + s_settle;
        var quiet = 0;
        while (quiet < 2 && DateTime.UtcNow < deadline)
        {
            var before = Count(session);
            await session.Node.PollNowAsync().ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
            quiet = Count(session) == before && session.Store.LoadOutbox().Count == 0 ? quiet + 1 : 0;
        }

        static int Count(CliProfile s) => s.Store.LoadContacts().Sum(c => s.Store.LoadHistory(c.Id, int.MaxValue).Count);
    }

    /// <summary>Runs a command: a <see cref="CliError"/> becomes one line on stderr and its exit code.</summary>
    private static async Task<int> Guard(Func<TextWriter, Task<int>> run)
    {
        try
        {
            return await run(Console.Out).ConfigureAwait(false);
        }
        catch (CliError e)
        {
            await Console.Error.WriteLineAsync($"pvtcoms: {e.Message}").ConfigureAwait(false);
            return e.ExitCode;
        }
    }
}
