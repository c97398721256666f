namespace Pvtcoms.Ui.Blazor.Engine;

/// <summary>The settings screen's values.</summary>
/// <param name="Relay">The relay we poll (onion or loopback <c>host:port</c>, as <c>RelayEndpoint</c> parses it).</param>
/// <param name="FailoverRelay">A second relay used only when the first fails; never overrides the first.</param>
/// <param name="ProofOfWorkBits">Proof-of-work difficulty our deposits carry.</param>
/// <param name="CoverTraffic">Send cover deposits so that send activity is not visible at the relay.</param>
public sealed record MessengerSettings(string Relay, string? FailoverRelay, int ProofOfWorkBits, bool CoverTraffic)
{
    public const int MinProofOfWorkBits = 0;
    public const int MaxProofOfWorkBits = 32;
}

public enum SettingsOutcome
{
    Saved = 0,
    InvalidRelay = 1,
    InvalidFailoverRelay = 2,
    InvalidProofOfWork = 3,
}
