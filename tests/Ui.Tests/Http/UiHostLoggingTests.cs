using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Pvtcoms.Ui.Blazor.Hosting;
using Pvtcoms.Ui.Tests.Fakes;

namespace Pvtcoms.Ui.Tests.Http;

/// <summary>The launch token and the session cookie never reach a log line, whatever requests come in.</summary>
public sealed class UiHostLoggingTests
{
    [Fact]
    public async Task Neither_the_launch_token_nor_the_cookie_is_ever_logged()
    {
        using var logs = new CapturingLoggerProvider();
        using var session = FakeMessengerSession.WithIdentity(new FakeNetwork(), "alice");
        await using var ui = await UiHost.StartAsync(new UiHostOptions { Session = session, LoggerProvider = logs });
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = ui.BaseAddress };

        using var launch = await http.GetAsync(ui.LaunchUrl);
        var cookie = Assert.Single(launch.Headers.GetValues("Set-Cookie")).Split(';')[0];
        using var reused = await http.GetAsync(ui.LaunchUrl);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/settings") { Content = new StringContent("x=1") };
        request.Headers.Add("Cookie", cookie);
        using var badForm = await http.SendAsync(request);
        using var misdirected = new HttpRequestMessage(HttpMethod.Get, ui.LaunchUrl.PathAndQuery);
        misdirected.Headers.Host = "evil.example";
        using var refused = await http.SendAsync(misdirected);

        Assert.Equal(HttpStatusCode.Forbidden, reused.StatusCode);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, refused.StatusCode);
        var token = ui.LaunchUrl.Query["?t=".Length..];
        var secret = cookie[(cookie.IndexOf('=', StringComparison.Ordinal) + 1)..];
        Assert.All(logs.Lines, line =>
        {
            Assert.DoesNotContain(token, line, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
        });
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue($"{category} {logLevel} {formatter(state, exception)} {exception}");
        }
    }
}
