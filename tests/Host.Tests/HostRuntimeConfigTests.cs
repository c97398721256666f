using System.Text.Json;
using Pvtcoms.Tests.Shared;

namespace Pvtcoms.Host.Tests;

/// <summary>ADR 0057/0122: every `pvtcoms` process runs with a thread pool that does not spin while it waits for work.</summary>
public sealed class HostRuntimeConfigTests
{
    [Fact]
    public void The_hosts_runtime_config_turns_thread_pool_spinning_off()
    {
        var path = Path.ChangeExtension(Checkout.HostDll(), ".runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));

        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }
}
