using Microsoft.Playwright;
using Pvtcoms.Ui.Tests.Browser;

namespace Pvtcoms.Ui.Tests.RealEngine;

/// <summary>
/// The desktop UI on the real engine in a real browser: two desktop profiles (sealed stores, ClientNodes) on the
/// testbed's relay in this process, each with its own UI host and browser context. Alice creates her profile on the
/// first-run screen; bob's exists already.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RealEngineBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Xss = "<img src=x onerror=alert(1)>";
    private readonly RealEngineWorld _world = new();

    public Task InitializeAsync() => _world.InitializeAsync();

    public Task DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task Alice_and_bob_meet_and_talk_through_the_real_engine_in_real_browsers()
    {
        var (bobSession, _) = await _world.CreatedSessionAsync("bob", "Bob");
        await using var alice = await BrowserUser.StartAsync(browser.Browser, _world.NewSession("alice", out var aliceProfile));
        await using var bob = await BrowserUser.StartAsync(browser.Browser, bobSession);
        var a = alice.Page;
        var b = bob.Page;

        // ---- alice's first run creates her profile (passphrase-sealed device key, store, node) ----
        await alice.LaunchAsync();
        await Expect(a.GetByRole(AriaRole.Heading, new() { Name = "Welcome to pvtcoms" }));
        await a.FillAsync("#display-name", "Alice");
        await a.FillAsync("#passphrase", RealEngineWorld.Passphrase);
        await a.FillAsync("#passphrase-again", RealEngineWorld.Passphrase);
        await a.FillAsync("#relay", _world.RelayAddress);
        await a.GetByRole(AriaRole.Button, new() { Name = "Create identity" }).ClickAsync();
        await Expect(a.GetByRole(AriaRole.Heading, new() { Name = "Contacts" }));
        await Expect(a.Locator(".fingerprint"), $"(key {aliceProfile.Engine!.Node.Identity.Fingerprint})");
        Assert.True(aliceProfile.IsInitialised);

        // ---- alice creates an invite in her browser, bob accepts it in his ----
        await a.GetByRole(AriaRole.Link, new() { Name = "Invite", Exact = true }).ClickAsync();
        await a.GetByTestId("create-invite").ClickAsync();
        var invite = await a.GetByTestId("invite-text").InputValueAsync();
        Assert.StartsWith("pvtcoms1:", invite, StringComparison.Ordinal);

        await bob.LaunchAsync();
        await b.GotoAsync(new Uri(bob.Ui.BaseAddress, "invite").AbsoluteUri);
        await b.FillAsync("#accept-text", invite);
        await b.FillAsync("#accept-name", "Alice");
        await b.GetByRole(AriaRole.Button, new() { Name = "Accept invite" }).ClickAsync();
        await Expect(b.GetByRole(AriaRole.Heading, new() { Name = "Alice", Exact = true }));

        // Bob's introduction reaches alice through the relay: bob appears in her list.
        await Expect(a.Locator("aside .contact-name", new() { HasText = "Bob" }));

        // ---- bob → alice: delivered, one unread at alice; alice opens the chat: read at bob ----
        await b.FillAsync("#message-text", "Hi Alice, it's Bob.");
        await b.Locator("#message-text").PressAsync("Enter");
        var bobsFirst = b.Locator("li.message.out", new() { HasText = "Hi Alice, it's Bob." });
        await Expect(bobsFirst.Locator("[data-state=delivered]"));
        await Expect(a.Locator("aside li.contact", new() { HasText = "Bob" }).Locator(".unread"), "1");
        await a.Locator("aside a", new() { HasText = "Bob" }).ClickAsync();
        await Expect(a.Locator("li.message.in", new() { HasText = "Hi Alice, it's Bob." }));
        await Expect(bobsFirst.Locator("[data-state=read]"));
        await Expect(a.Locator("aside li.contact", new() { HasText = "Bob" }).Locator(".unread"), count: 0);

        // ---- alice → bob (bob's chat is open, so it is read at once), then the XSS attempt ----
        await a.FillAsync("#message-text", "Hello Bob!");
        await a.Locator("#message-text").PressAsync("Enter");
        await Expect(b.Locator("li.message.in", new() { HasText = "Hello Bob!" }));
        await Expect(a.Locator("li.message.out", new() { HasText = "Hello Bob!" }).Locator("[data-state=read]"));

        await a.FillAsync("#message-text", Xss);
        await a.Locator("#message-text").PressAsync("Enter");
        var xssOnBob = b.Locator("li.message.in .message-text", new() { HasText = Xss });
        await Expect(xssOnBob);
        Assert.Equal(Xss, await xssOnBob.TextContentAsync());
        Assert.Equal(0, await b.Locator("img").CountAsync());
        Assert.Equal(0, await a.Locator("img").CountAsync());

        // ---- safety numbers match on both screens ----
        await a.GetByRole(AriaRole.Link, new() { Name = "Safety number" }).ClickAsync();
        await b.GetByRole(AriaRole.Link, new() { Name = "Safety number" }).ClickAsync();
        var aliceDigits = await a.GetByTestId("safety-digits").InnerTextAsync();
        var bobDigits = await b.GetByTestId("safety-digits").InnerTextAsync();
        Assert.Equal(60, aliceDigits.Count(char.IsAsciiDigit));
        Assert.Equal(aliceDigits, bobDigits);
        Assert.Equal(await a.GetByTestId("safety-emoji").InnerTextAsync(), await b.GetByTestId("safety-emoji").InnerTextAsync());
        await a.GetByTestId("mark-verified").ClickAsync();
        await Expect(a.Locator("aside li.contact", new() { HasText = "Bob" }).Locator(".badge-verified"));

        // ---- the status bar shows the real relay state; a browser without the secret gets nothing ----
        await Expect(a.GetByTestId("relay-status"), "Relay: reachable");
        await using var mallory = await browser.Browser.NewContextAsync();
        var malloryPage = await mallory.NewPageAsync();
        var refused = await malloryPage.GotoAsync(alice.Ui.BaseAddress.AbsoluteUri);
        Assert.Equal(403, refused!.Status);

        Assert.Empty(alice.Dialogs);
        Assert.Empty(bob.Dialogs);
        Assert.Empty(await alice.CspViolationsAsync());
        Assert.Empty(await bob.CspViolationsAsync());
    }

    [Fact]
    public async Task A_locked_profile_is_opened_on_the_unlock_screen()
    {
        var (created, profile) = await _world.CreatedSessionAsync("alice", "Alice");
        var fingerprint = profile.Engine!.Node.Identity.Fingerprint;
        created.Dispose();
        await profile.DisposeAsync();
        var reopened = _world.OpenProfile("alice");
        await using var alice = await BrowserUser.StartAsync(browser.Browser,
            Pvtcoms.Ui.Blazor.Engine.Client.ClientNodeMessengerSession.AwaitingUnlock(reopened.DefaultSettings(), reopened.TryUnlockAsync));
        var a = alice.Page;

        await alice.LaunchAsync();
        await Expect(a.GetByRole(AriaRole.Heading, new() { Name = "Unlock your profile" }));
        await a.FillAsync("#unlock-passphrase", "not the passphrase");
        await a.GetByRole(AriaRole.Button, new() { Name = "Unlock" }).ClickAsync();
        await Expect(a.GetByTestId("unlock-problem"), "Wrong passphrase.");
        Assert.Equal(string.Empty, await a.Locator("#unlock-passphrase").InputValueAsync());
        await a.FillAsync("#unlock-passphrase", RealEngineWorld.Passphrase);
        await a.GetByRole(AriaRole.Button, new() { Name = "Unlock" }).ClickAsync();

        await Expect(a.GetByRole(AriaRole.Heading, new() { Name = "Contacts" }));
        await Expect(a.Locator(".fingerprint"), $"(key {fingerprint})");
        Assert.Empty(await alice.CspViolationsAsync());
    }

    private static Task Expect(ILocator locator) => Assertions.Expect(locator).ToBeVisibleAsync();

    private static Task Expect(ILocator locator, string text) => Assertions.Expect(locator).ToHaveTextAsync(text);

    private static Task Expect(ILocator locator, int count) => Assertions.Expect(locator).ToHaveCountAsync(count);
}
