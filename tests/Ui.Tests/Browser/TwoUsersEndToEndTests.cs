using Microsoft.Playwright;
using Pvtcoms.Ui.Blazor.Engine;
using Pvtcoms.Ui.Tests.Fakes;

namespace Pvtcoms.Ui.Tests.Browser;

/// <summary>
/// Alice and Bob, each with their own UI host and browser context, over one fake network: first run, invite,
/// accept, messages both ways with delivery states advancing on screen, safety numbers, a key change, a failure,
/// an XSS attempt that stays text, keyboard use, 320 px, no CSP violation. Saves the screenshots of the README.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TwoUsersEndToEndTests(BrowserFixture browser)
{
    private const string Xss = "<img src=x onerror=alert(1)>";

    [Fact]
    public async Task Alice_and_bob_meet_by_invite_and_talk_both_ways_in_real_browsers()
    {
        var network = new FakeNetwork { StepDelay = TimeSpan.FromMilliseconds(100) };
        await using var alice = await BrowserUser.StartAsync(browser.Browser, new FakeMessengerSession(network));
        await using var bob = await BrowserUser.StartAsync(browser.Browser, FakeMessengerSession.WithIdentity(network, "Bob"));
        alice.Session.SetStatus(new EngineStatus(TorState.Ready, 100, RelayState.Reachable, 0));
        bob.Session.SetStatus(new EngineStatus(TorState.Ready, 100, RelayState.Reachable, 0));
        var a = alice.Page;
        var b = bob.Page;

        // ---- first run (alice) ----
        await alice.LaunchAsync();
        await Expect(a.GetByRole(AriaRole.Heading, new() { Name = "Welcome to pvtcoms" }));
        Assert.EndsWith("/welcome", a.Url, StringComparison.Ordinal);
        await Screenshots.SaveAsync(a, "first-run");
        await a.FillAsync("#display-name", "Alice");
        await a.FillAsync("#passphrase", "correct horse battery staple");
        await a.FillAsync("#passphrase-again", "correct horse battery staple");
        await a.FillAsync("#relay", "127.0.0.1:9750");
        await a.GetByRole(AriaRole.Button, new() { Name = "Create identity" }).ClickAsync();
        await Expect(a.GetByRole(AriaRole.Heading, new() { Name = "Contacts" }));
        Assert.Equal("correct horse battery staple", alice.Session.LastPassphrase);

        // ---- invite: alice creates, bob accepts ----
        await a.GetByRole(AriaRole.Link, new() { Name = "Invite", Exact = true }).ClickAsync();
        await a.GetByTestId("create-invite").ClickAsync();
        var invite = await a.GetByTestId("invite-text").InputValueAsync();
        Assert.StartsWith("pvtcoms1:", invite, StringComparison.Ordinal);
        await Screenshots.SaveAsync(a, "invite");

        await bob.LaunchAsync();
        await b.GotoAsync(new Uri(bob.Ui.BaseAddress, "invite").AbsoluteUri);
        await b.FillAsync("#accept-text", invite);
        await b.FillAsync("#accept-name", "Alice");
        await b.GetByRole(AriaRole.Button, new() { Name = "Accept invite" }).ClickAsync();
        await Expect(b.GetByRole(AriaRole.Heading, new() { Name = "Alice", Exact = true }));
        Assert.Contains("/chat/", b.Url, StringComparison.Ordinal);

        // The invite works once.
        await a.GotoAsync(new Uri(alice.Ui.BaseAddress, "/").AbsoluteUri);
        await Expect(a.Locator("aside .contact-name", new() { HasText = "Bob" }));

        // ---- bob → alice, keyboard only, states advancing: queued → at relay → delivered → read ----
        network.PauseDeposits();
        network.PauseFetches();
        await b.Locator("#message-text").FocusAsync();
        await b.Keyboard.TypeAsync("Hi Alice, it's Bob.");
        await b.Keyboard.PressAsync("Enter");
        var bobsFirst = b.Locator("li.message.out", new() { HasText = "Hi Alice, it's Bob." });
        await Expect(bobsFirst.Locator("[data-state=queued]"));
        network.ResumeDeposits();
        await Expect(bobsFirst.Locator("[data-state=at-relay]"));
        network.ResumeFetches();
        await Expect(bobsFirst.Locator("[data-state=delivered]"));

        // Alice sees one unread message from Bob; opening the chat reads it.
        await Expect(a.Locator("aside li.contact", new() { HasText = "Bob" }).Locator(".unread"), "1");
        await Screenshots.SaveAsync(a, "contacts");
        await a.Locator("aside a", new() { HasText = "Bob" }).ClickAsync();
        await Expect(a.Locator("li.message.in", new() { HasText = "Hi Alice, it's Bob." }));
        await Expect(bobsFirst.Locator("[data-state=read]"));
        await Expect(a.Locator("aside li.contact", new() { HasText = "Bob" }).Locator(".unread"), count: 0);

        // ---- alice → bob, and the XSS attempt that must stay text ----
        await a.FillAsync("#message-text", "Hello Bob! Shall we compare safety numbers?");
        await a.Locator("#message-text").PressAsync("Enter");
        await Expect(b.Locator("li.message.in", new() { HasText = "Shall we compare safety numbers?" }));
        await Expect(a.Locator("li.message.out", new() { HasText = "Shall we compare" }).Locator("[data-state=read]"));

        await a.FillAsync("#message-text", Xss);
        await a.Locator("#message-text").PressAsync("Enter");
        var xssOnBob = b.Locator("li.message.in .message-text", new() { HasText = Xss });
        await Expect(xssOnBob);
        Assert.Equal(Xss, await xssOnBob.TextContentAsync());
        Assert.Equal(0, await b.Locator("img").CountAsync());
        Assert.Equal(0, await a.Locator("img").CountAsync());
        await b.FillAsync("#message-text", "Got it: your message shows as plain text.");
        await b.Locator("#message-text").PressAsync("Enter");
        await Expect(a.Locator("li.message.in", new() { HasText = "plain text" }));
        await Screenshots.SaveAsync(b, "chat");

        // ---- safety numbers match on both screens; alice marks bob verified ----
        await a.GetByRole(AriaRole.Link, new() { Name = "Safety number" }).ClickAsync();
        await b.GetByRole(AriaRole.Link, new() { Name = "Safety number" }).ClickAsync();
        var aliceDigits = await a.GetByTestId("safety-digits").InnerTextAsync();
        var bobDigits = await b.GetByTestId("safety-digits").InnerTextAsync();
        Assert.Equal(60, aliceDigits.Count(char.IsAsciiDigit));
        Assert.Equal(aliceDigits, bobDigits);
        Assert.Equal(await a.GetByTestId("safety-emoji").InnerTextAsync(), await b.GetByTestId("safety-emoji").InnerTextAsync());
        await a.FillAsync("#typed-digits", bobDigits);
        await a.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await Expect(a.Locator(".compare-result.match"));
        await a.GetByTestId("mark-verified").ClickAsync();
        await Expect(a.GetByTestId("verified-note"));
        await Expect(a.Locator("aside li.contact", new() { HasText = "Bob" }).Locator(".badge-verified"));
        await Screenshots.SaveAsync(a, "safety-number");

        // ---- bob's key changes: a red warning on alice's chat ----
        var bobOnAlice = alice.Session.Contacts().Single().Id;
        await a.GetByRole(AriaRole.Link, new() { Name = "Back to the conversation" }).ClickAsync();
        alice.Session.SimulateKeyChange(bobOnAlice);
        await Expect(a.GetByTestId("key-changed-warning"));
        await Expect(a.Locator("aside li.contact", new() { HasText = "Bob" }).Locator(".badge-danger"));
        await Screenshots.SaveAsync(a, "key-changed");

        // ---- the relay is gone: a message fails, visibly ----
        network.RelayReachable = false;
        bob.Session.SetStatus(new EngineStatus(TorState.Ready, 100, RelayState.Unreachable, 1));
        await b.GetByRole(AriaRole.Link, new() { Name = "Back to the conversation" }).ClickAsync();
        await b.FillAsync("#message-text", "This one will not make it.");
        await b.Locator("#message-text").PressAsync("Enter");
        var failed = b.Locator("li.message.out.failed", new() { HasText = "This one will not make it." });
        await Expect(failed.Locator("[data-state=failed]"));
        await Expect(failed.Locator(".message-failure"));
        await Expect(b.GetByTestId("relay-status"), "Relay: unreachable");

        // ---- 320 px: one column, nothing wider than the window ----
        await b.SetViewportSizeAsync(320, 640);
        await AssertNoHorizontalOverflowAsync(b);
        await Screenshots.SaveAsync(b, "chat-320");
        await a.SetViewportSizeAsync(320, 640);
        await a.GetByRole(AriaRole.Link, new() { Name = "Contacts" }).ClickAsync();
        await Expect(a.Locator("main .home-list li.contact", new() { HasText = "Bob" }));
        Assert.False(await a.Locator("aside.sidebar").IsVisibleAsync());
        await AssertNoHorizontalOverflowAsync(a);
        await Screenshots.SaveAsync(a, "contacts-320");
        await a.SetViewportSizeAsync(1100, 720);
        await a.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Expect(a.Locator("#relay"));
        Assert.Equal("127.0.0.1:9750", await a.Locator("#relay").InputValueAsync());
        await Screenshots.SaveAsync(a, "settings");

        // ---- nothing ran that should not have ----
        Assert.Empty(alice.Dialogs);
        Assert.Empty(bob.Dialogs);
        Assert.Empty(await alice.CspViolationsAsync());
        Assert.Empty(await bob.CspViolationsAsync());
    }

    [Fact]
    public async Task The_browser_without_the_launch_secret_gets_nothing()
    {
        await using var mallory = await BrowserUser.StartAsync(browser.Browser, FakeMessengerSession.WithIdentity(new FakeNetwork(), "alice"));

        var page = await mallory.Page.GotoAsync(mallory.Ui.BaseAddress.AbsoluteUri);
        var script = await mallory.Page.GotoAsync(new Uri(mallory.Ui.BaseAddress, "_framework/blazor.web.js").AbsoluteUri);

        Assert.Equal(403, page!.Status);
        Assert.Equal(403, script!.Status);
        Assert.Empty(await mallory.Context.CookiesAsync());
    }

    [Fact]
    public async Task The_launch_link_opened_a_second_time_in_another_browser_is_refused()
    {
        await using var alice = await BrowserUser.StartAsync(browser.Browser, FakeMessengerSession.WithIdentity(new FakeNetwork(), "alice"));
        var first = await alice.LaunchAsync();
        var cookie = Assert.Single(await alice.Context.CookiesAsync(), c => c.Name == alice.Ui.CookieName);

        await using var other = await browser.Browser.NewContextAsync();
        var otherPage = await other.NewPageAsync();
        var second = await otherPage.GotoAsync(alice.Ui.LaunchUrl.AbsoluteUri);

        Assert.Equal(200, first!.Status);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal(403, second!.Status);
        Assert.DoesNotContain("launch", alice.Page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_keyboard_alone_creates_an_invite_and_the_page_has_no_csp_violation()
    {
        await using var alice = await BrowserUser.StartAsync(browser.Browser, FakeMessengerSession.WithIdentity(new FakeNetwork(), "alice"));
        await alice.LaunchAsync();
        var page = alice.Page;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contacts" }));
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>(
            "() => document.querySelector('a[href], button, input, textarea, select').textContent.trim()"));

        await TabToAsync(page, "Invite");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Invite", Exact = true }));
        await TabToAsync(page, "Create invite");
        await page.Keyboard.PressAsync("Enter");

        StringAssert(await page.GetByTestId("invite-text").InputValueAsync());
        Assert.Empty(await alice.CspViolationsAsync());
        Assert.DoesNotContain(alice.ConsoleMessages, m => m.StartsWith("error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_browser_enforces_the_csp_against_an_injected_inline_script()
    {
        await using var alice = await BrowserUser.StartAsync(browser.Browser, FakeMessengerSession.WithIdentity(new FakeNetwork(), "alice"));
        await alice.LaunchAsync();

        // As if some text had reached the DOM as markup: the page's CSP must stop the inline script.
        await alice.Page.EvaluateAsync(
            "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true'; document.body.appendChild(s); }");
        await Assertions.Expect(alice.Page.Locator("footer.statusbar")).ToBeVisibleAsync();
        var ran = await alice.Page.EvaluateAsync<bool>("() => window.__ran === true");

        Assert.False(ran);
        Assert.Contains(await alice.CspViolationsAsync(), v => v.StartsWith("script-src", StringComparison.Ordinal));
    }

    private static void StringAssert(string invite) => Assert.StartsWith("pvtcoms1:", invite, StringComparison.Ordinal);

    /// <summary>Presses Tab until the focused element's text is <paramref name="text"/> (at most 40 times).</summary>
    private static async Task TabToAsync(IPage page, string text)
    {
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>("() => (document.activeElement?.textContent ?? '').trim()");
            if (focused == text)
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached \"{text}\"");
    }

    private static Task Expect(ILocator locator) => Assertions.Expect(locator).ToBeVisibleAsync();

    private static Task Expect(ILocator locator, string text) => Assertions.Expect(locator).ToHaveTextAsync(text);

    private static Task Expect(ILocator locator, int count) => Assertions.Expect(locator).ToHaveCountAsync(count);

    private static async Task AssertNoHorizontalOverflowAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"the page is {widths[0]} px wide in a {widths[1]} px window");
    }
}
