using Pvtcoms.Actors.Storage;

namespace Pvtcoms.Ui.Blazor.Engine.Client;

/// <summary>
/// Names of the store settings the desktop adapter reads and writes (sealed like every store row). The host reads
/// the same names when it starts the node, so a saved setting applies at the next start.
/// </summary>
public static class EngineSettingNames
{
    /// <summary>The relay the user chose; the same setting as the CLI's <c>init --relay</c> (<c>CliProfile.RelayChoiceSetting</c>).</summary>
    public const string RelayChoice = "cli/relay";

    public const string FailoverRelay = "desktop/failover-relay";

    public const string ProofOfWorkBits = "desktop/pow-bits";

    public const string CoverTraffic = "desktop/cover-traffic";

    public const string DisplayName = "desktop/display-name";

    /// <summary>The identity key the user last verified for a contact (acknowledges a key change).</summary>
    public static string AcknowledgedKey(ContactId contact) => $"desktop/acknowledged-key/{contact.Value:N}";

    /// <summary>
    /// The client's own read marker: the highest incoming sequence a read receipt was sent for. Mirrors the internal
    /// <c>ClientSettings.ReadUpTo</c> of src/Actors/Client (a test in tests/Ui.Tests fails if they diverge).
    /// </summary>
    public static string ReadUpTo(ContactId contact) => $"client/read-up-to/{contact.Value:N}";
}
