using System.Net;
using System.Text.RegularExpressions;
using Pvtcoms.Actors.Profiles;
using Pvtcoms.Host.Desktop;

namespace Pvtcoms.Ui.Tests.RealEngine;

/// <summary>
/// <c>pvtcoms</c> desktop mode and <c>pvtcoms testbed --ui</c> run in process: they print working one-time links,
/// run until cancelled, then stop cleanly (exit 0) and release the profile.
/// </summary>
public sealed partial class DesktopRunTests : IAsyncLifetime
{
    private readonly RealEngineWorld _world = new();

    public Task InitializeAsync() => _world.InitializeAsync();

    public Task DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task A_new_profile_runs_with_its_launch_link_until_cancelled_and_releases_its_lock()
    {
        var output = new LockedWriter();
        using var stop = new CancellationTokenSource();
        var run = DesktopRun.RunAsync(_world.Environment, "carol", noBrowser: true, Argon2Cost.Minimal,
            () => throw new InvalidOperationException("a new profile needs no passphrase before the UI"), output, stop.Token, RealEngineWorld.FastPolls);

        var links = await LinksAsync(output, 1, run);
        var launch = await GetAsync(links[0]);
        var again = await GetAsync(links[0]);
        await stop.CancelAsync();
        var exit = await run;
        await using var reopened = _world.OpenProfile("carol");

        Assert.Contains("is new: create your identity in the browser", output.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, launch);
        Assert.Equal(HttpStatusCode.Forbidden, again);
        Assert.Equal(0, exit);
        Assert.False(reopened.IsInitialised);
    }

    [Fact]
    public async Task An_existing_profile_with_a_wrong_passphrase_stops_before_any_ui()
    {
        var (session, profile) = await _world.CreatedSessionAsync("dave");
        session.Dispose();
        await profile.DisposeAsync();
        var output = new LockedWriter();

        var exit = await DesktopRun.RunAsync(_world.Environment, "dave", noBrowser: true, Argon2Cost.Minimal,
            () => Passphrase.FromString("not the passphrase"), output, CancellationToken.None, RealEngineWorld.FastPolls);

        Assert.Equal(2, exit);
        Assert.DoesNotContain("http://", output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_existing_profile_without_a_passphrase_at_hand_waits_on_the_unlock_screen()
    {
        var (session, profile) = await _world.CreatedSessionAsync("erin");
        session.Dispose();
        await profile.DisposeAsync();
        var output = new LockedWriter();
        using var stop = new CancellationTokenSource();
        var run = DesktopRun.RunAsync(_world.Environment, "erin", noBrowser: true, Argon2Cost.Minimal, () => null, output, stop.Token,
            RealEngineWorld.FastPolls);

        var links = await LinksAsync(output, 1, run);
        var launch = await GetAsync(links[0]);
        await stop.CancelAsync();

        Assert.Equal(0, await run);
        Assert.Equal(HttpStatusCode.SeeOther, launch);
        Assert.Contains("is locked: unlock it with its passphrase in the browser", output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_testbed_with_ui_prints_two_working_links_and_stops_on_cancel()
    {
        var output = new LockedWriter();
        using var stop = new CancellationTokenSource();
        var run = TestbedUiRun.RunAsync(output, stop.Token);

        var links = await LinksAsync(output, 2, run);
        var alice = await GetAsync(links[0]);
        var bob = await GetAsync(links[1]);
        await stop.CancelAsync();

        Assert.Equal(0, await run);
        Assert.Equal(HttpStatusCode.SeeOther, alice);
        Assert.Equal(HttpStatusCode.SeeOther, bob);
        Assert.NotEqual(new Uri(links[0]).Port, new Uri(links[1]).Port);
    }

    private static async Task<string[]> LinksAsync(LockedWriter output, int count, Task<int> run)
    {
        await Eventually.HoldsAsync(() => Task.FromResult(run.IsCompleted || LaunchLink().Matches(output.Text).Count >= count), "the launch links are printed");
        Assert.False(run.IsCompleted, output.Text);
        return [.. LaunchLink().Matches(output.Text).Select(m => m.Value)];
    }

    private static async Task<HttpStatusCode> GetAsync(string url)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var response = await http.GetAsync(new Uri(url));
        return response.StatusCode;
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/launch\?t=[A-Za-z0-9_-]+")]
    private static partial Regex LaunchLink();

    /// <summary>A console stand-in the test can read while the run writes.</summary>
    private sealed class LockedWriter : StringWriter
    {
        private readonly Lock _gate = new();

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return ToString();
                }
            }
        }

        public override void Write(char value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override Task WriteLineAsync(string? value)
        {
            lock (_gate)
            {
                base.WriteLine(value);
            }

            return Task.CompletedTask;
        }
    }
}
