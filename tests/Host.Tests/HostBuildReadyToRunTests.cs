using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using Pvtcoms.Tests.Shared;

namespace Pvtcoms.Host.Tests;

/// <summary>
/// ADR 0120: `dotnet build` of src/Host puts ReadyToRun images of its start-up assemblies into the output directory
/// (what the README's `dotnet run --project src/Host -- testbed` and these tests run), on the SDK's own runtime when
/// that is linux-x64 or win-x64; the two assemblies excluded for crossgen2 time stay IL.
/// </summary>
public sealed class HostBuildReadyToRunTests
{
    private static readonly bool s_precompiledRuntime =
        RuntimeInformation.RuntimeIdentifier is "linux-x64" or "win-x64";

    [Theory]
    [InlineData("pvtcoms.dll")]
    [InlineData("Pvtcoms.Relay.dll")]
    [InlineData("Pvtcoms.Actors.dll")]
    [InlineData("Pvtcoms.Protocol.dll")]
    [InlineData("Akka.dll")]
    [InlineData("Akka.Remote.dll")]
    [InlineData("Akka.Cluster.Sharding.dll")]
    [InlineData("DotNetty.Transport.dll")]
    public void Start_up_assemblies_in_the_host_output_are_ReadyToRun_images(string assembly)
    {
        var native = HasReadyToRunCode(assembly);

        Assert.Equal(s_precompiledRuntime, native);
    }

    [Theory]
    [InlineData("LanguageExt.Core.dll")]
    [InlineData("linq2db.dll")]
    public void Assemblies_excluded_from_precompilation_stay_IL(string assembly) =>
        Assert.False(HasReadyToRunCode(assembly));

    /// <summary>A ReadyToRun image is still a managed assembly, with a managed native header beside its metadata.</summary>
    private static bool HasReadyToRunCode(string assembly)
    {
        var path = Path.Combine(Path.GetDirectoryName(Checkout.HostDll())!, assembly);
        using var stream = File.OpenRead(path);
        using var reader = new PEReader(stream);
        var cor = reader.PEHeaders.CorHeader;
        Assert.NotNull(cor);
        Assert.True(reader.HasMetadata, $"{assembly} has no metadata");
        return cor.ManagedNativeHeaderDirectory.Size > 0;
    }
}
