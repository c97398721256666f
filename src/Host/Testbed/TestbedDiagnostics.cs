namespace Pvtcoms.Host.Testbed;

/// <summary>
/// For the output-hygiene test only (internal): turns every log of the testbed to its most verbose level and hands
/// the test the secrets of the run (invites, and both profiles before they go offline for the last time) so it can
/// look for them in everything that was logged.
/// </summary>
internal sealed class TestbedDiagnostics
{
    public bool VerboseLogging { get; init; }

    public List<string> Invites { get; } = [];

    public Action<TestbedProfile, TestbedProfile>? BeforeTeardown { get; init; }
}
