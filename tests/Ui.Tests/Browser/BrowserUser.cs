using Microsoft.Playwright;
using Pvtcoms.Ui.Blazor.Engine;
using Pvtcoms.Ui.Blazor.Hosting;
using Pvtcoms.Ui.Tests.Fakes;

namespace Pvtcoms.Ui.Tests.Browser;

/// <summary>
/// One user in the browser: an engine (the fake, or the real one through its adapter), the UI host over it, and a browser context (own cookies) with one page.
/// Records console messages, CSP violations and dialogs, which the tests require to stay empty.
/// </summary>
public sealed class BrowserUser : IAsyncDisposable
{
    // Runs in every page before its scripts (Playwright injects it; the page's CSP does not apply to it).
    private const string ViolationRecorder =
        "window.__cspViolations = []; document.addEventListener('securitypolicyviolation', " +
        "e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));";

    private BrowserUser(IMessengerSession engine, RunningUi ui, IBrowserContext context, IPage page)
    {
        Engine = engine;
        Ui = ui;
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            lock (ConsoleMessages)
            {
                ConsoleMessages.Add($"{message.Type}: {message.Text}");
            }
        };
        page.Dialog += (_, dialog) =>
        {
            Dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
    }

    public IMessengerSession Engine { get; }

    /// <summary>The fake engine (for the tests that drive it).</summary>
    public FakeMessengerSession Session => Engine as FakeMessengerSession ?? throw new InvalidOperationException("Not a fake engine.");

    public RunningUi Ui { get; }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public List<string> ConsoleMessages { get; } = [];

    public List<string> Dialogs { get; } = [];

    public static async Task<BrowserUser> StartAsync(IBrowser browser, IMessengerSession session)
    {
        var ui = await UiHost.StartAsync(new UiHostOptions { Session = session });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1100, Height = 720 },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(15_000);
        await context.AddInitScriptAsync(ViolationRecorder);
        var page = await context.NewPageAsync();
        return new BrowserUser(session, ui, context, page);
    }

    /// <summary>Opens the one-time launch URL, as the desktop does, and waits for the circuit to render.</summary>
    public async Task<IResponse?> LaunchAsync()
    {
        var response = await Page.GotoAsync(Ui.LaunchUrl.AbsoluteUri);
        await Page.Locator("footer.statusbar").WaitForAsync();
        return response;
    }

    public async Task<IReadOnlyList<string>> CspViolationsAsync()
    {
        var recorded = await Page.EvaluateAsync<string[]>("() => window.__cspViolations || []");
        lock (ConsoleMessages)
        {
            return [.. recorded, .. ConsoleMessages.Where(m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        await Ui.DisposeAsync();
        (Engine as IDisposable)?.Dispose();
    }
}
