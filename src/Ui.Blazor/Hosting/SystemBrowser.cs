using System.Diagnostics;

namespace Pvtcoms.Ui.Blazor.Hosting;

/// <summary>Opens a URL in the user's default browser (xdg-open, open, or the Windows shell).</summary>
public static class SystemBrowser
{
    /// <summary>False when no browser could be started (the caller then prints the URL).</summary>
    public static bool TryOpen(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsLoopback || url.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException("only the loopback UI address is opened", nameof(url));
        }

        var start = OperatingSystem.IsWindows()
            ? new ProcessStartInfo(url.AbsoluteUri) { UseShellExecute = true }
            : new ProcessStartInfo(OperatingSystem.IsMacOS() ? "open" : "xdg-open", url.AbsoluteUri) { UseShellExecute = false };
        try
        {
            using var process = Process.Start(start);
            return process is not null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
