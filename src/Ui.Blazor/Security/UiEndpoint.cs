using System.Globalization;

namespace Pvtcoms.Ui.Blazor.Security;

/// <summary>The loopback port the UI listens on, and the host names, origins and cookie name that follow from it.</summary>
internal sealed class UiEndpoint
{
    private readonly string[] _hosts;
    private readonly string[] _origins;

    public UiEndpoint(int port)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        Port = port;
        var p = port.ToString(CultureInfo.InvariantCulture);
        _hosts = [$"127.0.0.1:{p}", $"localhost:{p}"];
        _origins = [$"http://127.0.0.1:{p}", $"http://localhost:{p}"];

        // Cookies are not isolated by port: two profiles' UIs in one browser must not overwrite each other's.
        CookieName = $"pvtcoms_ui_{p}";
    }

    public int Port { get; }

    public string CookieName { get; }

    public bool IsOwnHost(string host) => Array.Exists(_hosts, h => string.Equals(h, host, StringComparison.OrdinalIgnoreCase));

    public bool IsOwnOrigin(string origin) => Array.Exists(_origins, o => string.Equals(o, origin, StringComparison.OrdinalIgnoreCase));
}
