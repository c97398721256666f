namespace Pvtcoms.Actors.Tor.Dialing;

/// <summary>What the dialer may do besides going through tor.</summary>
/// <param name="AllowDirectTcp">PVTCOMS_ALLOW_DIRECT_TCP=1: non-onion targets are dialed directly (the testbed, a LAN relay).</param>
public sealed record DialPolicy(bool AllowDirectTcp)
{
    public const string AllowDirectTcpEnvironmentVariable = "PVTCOMS_ALLOW_DIRECT_TCP";

    /// <summary>Fail-closed: only loopback directly, everything else through tor.</summary>
    public static readonly DialPolicy TorOnly = new(false);

    /// <summary>Per attempt: TCP connect plus the SOCKS exchange (tor's first exit request can hang; the caller retries).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public static DialPolicy FromEnvironment() =>
        new(Environment.GetEnvironmentVariable(AllowDirectTcpEnvironmentVariable) == "1");
}
