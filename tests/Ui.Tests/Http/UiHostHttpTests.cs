using System.Net;
using System.Text.RegularExpressions;
using Pvtcoms.Ui.Blazor.Hosting;
using Pvtcoms.Ui.Tests.Fakes;

namespace Pvtcoms.Ui.Tests.Http;

/// <summary>Every lock-down rule of the UI host, checked over real HTTP against a started host (docs/UI.md).</summary>
public sealed partial class UiHostHttpTests : IAsyncLifetime
{
    private const string PolicyExpected =
        "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
        "font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    private readonly FakeMessengerSession _session = FakeMessengerSession.WithIdentity(new FakeNetwork(), "alice");
    private RunningUi _ui = default!;
    private HttpClient _http = default!;

    public async Task InitializeAsync()
    {
        _ui = await UiHost.StartAsync(new UiHostOptions { Session = _session });
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = _ui.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _ui.DisposeAsync();
        _session.Dispose();
    }

    [Fact]
    public void The_host_listens_on_the_ipv4_loopback_address_only()
    {
        Assert.Equal("127.0.0.1", _ui.BaseAddress.Host);
        Assert.True(_ui.LaunchUrl.IsLoopback);
        Assert.Equal(_ui.Port, _ui.LaunchUrl.Port);
    }

    [Fact]
    public async Task The_launch_url_sets_an_http_only_same_site_strict_cookie_and_redirects_home()
    {
        using var response = await _http.GetAsync(_ui.LaunchUrl);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"{_ui.CookieName}=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(LaunchToken(), cookie, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_launch_token_works_only_once()
    {
        using var first = await _http.GetAsync(_ui.LaunchUrl);
        using var second = await _http.GetAsync(_ui.LaunchUrl);

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, second.StatusCode);
        Assert.False(second.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task A_wrong_launch_token_is_refused_and_does_not_burn_the_right_one()
    {
        var token = LaunchToken();
        var wrong = (token[0] == 'A' ? 'B' : 'A') + token[1..];
        using var refused = await _http.GetAsync($"/launch?t={wrong}");
        using var empty = await _http.GetAsync("/launch");
        using var right = await _http.GetAsync(_ui.LaunchUrl);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, empty.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, right.StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/chat/00000000-0000-0000-0000-000000000001")]
    [InlineData("/app.css")]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/favicon.ico")]
    public async Task Every_request_without_the_cookie_is_refused(string path)
    {
        using var response = await _http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_blazor_circuit_cannot_be_negotiated_without_the_cookie()
    {
        using var without = await _http.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
        using var wrong = await Send(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1", cookie: new string('A', 43));
        using var with = await Send(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1", cookie: await CookieValue());

        Assert.Equal(HttpStatusCode.Forbidden, without.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
        Assert.Contains("connectionToken", await with.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_circuit_websocket_cannot_be_opened_without_the_cookie()
    {
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        var url = new UriBuilder(_ui.BaseAddress) { Scheme = "ws", Path = "/_blazor", Query = "id=anything" }.Uri;

        var refused = await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => socket.ConnectAsync(url, CancellationToken.None));

        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_cookie_the_page_and_its_two_files_are_served()
    {
        var cookie = await CookieValue();
        using var page = await Send(HttpMethod.Get, "/", cookie);
        using var script = await Send(HttpMethod.Get, "/_framework/blazor.web.js", cookie);
        using var css = await Send(HttpMethod.Get, "/app.css", cookie);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"_framework/blazor.web.js\"></script>", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_page_has_no_inline_script_and_no_inline_style()
    {
        using var page = await Send(HttpMethod.Get, "/", await CookieValue());
        var html = await page.Content.ReadAsStringAsync();

        Assert.All(ScriptTag().Matches(html), m => Assert.Contains("src=", m.Value, StringComparison.Ordinal));
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("importmap", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:{port}")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2:{port}")]
    [InlineData("localhost.evil.example:{port}")]
    [InlineData("127.0.0.1:1")]
    public async Task A_request_with_a_foreign_host_header_is_refused_even_with_the_cookie(string host)
    {
        var cookie = await CookieValue();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = host.Replace("{port}", _ui.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        request.Headers.Add("Cookie", $"{_ui.CookieName}={cookie}");
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_launch_url_is_refused_under_a_rebound_host_name()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _ui.LaunchUrl.PathAndQuery);
        request.Headers.Host = "attacker.example";
        using var rebound = await _http.SendAsync(request);
        using var real = await _http.GetAsync(_ui.LaunchUrl);

        Assert.Equal(HttpStatusCode.MisdirectedRequest, rebound.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, real.StatusCode);
    }

    [Fact]
    public async Task Localhost_with_the_right_port_is_accepted()
    {
        var cookie = await CookieValue();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/app.css");
        request.Headers.Host = $"localhost:{_ui.Port}";
        request.Headers.Add("Cookie", $"{_ui.CookieName}={cookie}");
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_cross_origin_request_is_refused_even_with_the_cookie()
    {
        var cookie = await CookieValue();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        request.Headers.Add("Cookie", $"{_ui.CookieName}={cookie}");
        request.Headers.Add("Origin", "http://evil.example");
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Security_headers_are_on_served_and_refused_responses(bool withCookie)
    {
        using var response = await Send(HttpMethod.Get, "/", withCookie ? await CookieValue() : null);

        Assert.Equal(withCookie ? HttpStatusCode.OK : HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(PolicyExpected, Single(response, "Content-Security-Policy"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Security_headers_are_on_a_misdirected_response_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "evil.example";
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
        Assert.Contains("frame-ancestors 'none'", Single(response, "Content-Security-Policy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_post_without_an_antiforgery_token_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/settings")
        {
            Content = new FormUrlEncodedContent([new("_handler", "settings"), new("Relay", "127.0.0.1:1")]),
        };
        request.Headers.Add("Cookie", $"{_ui.CookieName}={await CookieValue()}");
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Two_hosts_use_different_cookie_names_and_secrets()
    {
        using var otherSession = FakeMessengerSession.WithIdentity(new FakeNetwork(), "bob");
        await using var other = await UiHost.StartAsync(new UiHostOptions { Session = otherSession });
        var cookie = await CookieValue();
        using var crossed = new HttpRequestMessage(HttpMethod.Get, new Uri(other.BaseAddress, "/app.css"));
        crossed.Headers.Add("Cookie", $"{other.CookieName}={cookie}");
        using var response = await _http.SendAsync(crossed);

        Assert.NotEqual(_ui.CookieName, other.CookieName);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private string LaunchToken() => _ui.LaunchUrl.Query["?t=".Length..];

    private async Task<string> CookieValue()
    {
        using var response = await _http.GetAsync(_ui.LaunchUrl);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var header = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        var pair = header.Split(';')[0];
        return pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..];
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string? cookie)
    {
        using var request = new HttpRequestMessage(method, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", $"{_ui.CookieName}={cookie}");
        }

        return await _http.SendAsync(request);
    }

    private static string Single(HttpResponseMessage response, string name) => Assert.Single(response.Headers.GetValues(name));

    [GeneratedRegex("<script[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();
}
