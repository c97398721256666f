using System.Text.RegularExpressions;
using Pvtcoms.Host.Testbed;
using Pvtcoms.Host.Tests.Support;

namespace Pvtcoms.Host.Tests;

/// <summary>Issue 4 point 6: `pvtcoms testbed`, the README's main job, as a process.</summary>
public sealed partial class TestbedTests
{
    [GeneratedRegex(@"data in (\S+)")]
    private static partial Regex DataDirectory();

    [Fact]
    public async Task The_testbed_runs_async_onboarding_and_offline_delivery_both_ways_and_cleans_up()
    {
        var run = await PvtcomsCli.RunAsync(new Dictionary<string, string>(), "testbed");

        Assert.True(run.ExitCode == 0, run.ToString());
        string[] steps =
        [
            "alice  created an invite", "alice  goes offline", "bob    accepted the invite",
            "bob    2 messages at the relay while alice is offline", "alice  received #1 from bob", "alice  received #2 from bob",
            "bob    received #1 from alice", "bob    his 2 messages show Delivered", "alice  back online: her reply went queued → at relay → delivered → read",
            "both   safety numbers match",
        ];
        var position = 0;
        foreach (var step in steps)
        {
            var at = run.Out.IndexOf(step, position, StringComparison.Ordinal);
            Assert.True(at >= 0, $"step missing or out of order: {step}\n{run}");
            position = at;
        }

        Assert.Matches(@"every step done in \d+\.\d\d s", run.Out);
        Assert.False(Directory.Exists(DataDirectory().Match(run.Out).Groups[1].Value), "the testbed left its temp directory behind");
    }

    [Fact]
    public void The_testbed_directory_is_fresh_private_to_the_user_and_in_memory_where_dev_shm_exists()
    {
        var first = TestbedDirectory.Create();
        var second = TestbedDirectory.Create();
        try
        {
            Assert.NotEqual(first, second);
            Assert.Empty(Directory.EnumerateFileSystemEntries(first));
            if (OperatingSystem.IsLinux())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(first));
                Assert.Equal(Directory.Exists("/dev/shm"), first.StartsWith("/dev/shm/", StringComparison.Ordinal));
            }
        }
        finally
        {
            Directory.Delete(first);
            Directory.Delete(second);
        }
    }
}
