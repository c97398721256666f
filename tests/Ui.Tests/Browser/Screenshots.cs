using Microsoft.Playwright;

namespace Pvtcoms.Ui.Tests.Browser;

/// <summary>Saves screenshots of the main screens into the repository's docs/screenshots (shown in the README).</summary>
internal static class Screenshots
{
    private static readonly Lazy<string> s_directory = new(FindDirectory);

    public static async Task SaveAsync(IPage page, string name)
    {
        var path = Path.Combine(s_directory.Value, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false, Animations = ScreenshotAnimations.Disabled });
        Assert.True(new FileInfo(path).Length > 1000, $"screenshot {name} is empty");
    }

    private static string FindDirectory()
    {
        if (Pvtcoms.Tests.Shared.Checkout.TryFindRoot() is { } root)
        {
            return Directory.CreateDirectory(Path.Combine(root, "docs", "screenshots")).FullName;
        }

        // Not inside the repository (an installed test build): keep them beside the tests.
        return Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
    }
}
