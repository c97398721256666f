using Pvtcoms.Actors.Storage;
using Pvtcoms.Actors.Transport;
using Pvtcoms.Protocol.Crypto;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.Actors.Client;

/// <summary>Everything a <see cref="ClientNode"/> needs. <see cref="ToString"/> never shows the access key.</summary>
public sealed record ClientNodeOptions
{
    /// <summary>The profile's durable state; the node does not dispose it.</summary>
    public required IClientStore Store { get; init; }

    /// <summary>The relay this profile polls and tells contacts to deposit to (the primary: invites and hellos name it).</summary>
    public required RelayEndpoint OwnRelay { get; init; }

    /// <summary>
    /// The failover relay (<c>relay2=</c>), if configured: always polled as well, and deposits addressed to
    /// <see cref="OwnRelay"/> go here while <see cref="OwnRelay"/> is unreachable, unless
    /// <see cref="OwnRelayIsExplicit"/> (ADR 0087). It is reached with the own relay's difficulty and
    /// <see cref="FailoverRelayAccessKey"/>.
    /// </summary>
    public RelayEndpoint? FailoverRelay { get; init; }

    /// <summary>Bearer secret of the failover relay, if it needs one.</summary>
    public string? FailoverRelayAccessKey { get; init; }

    /// <summary>
    /// True when the user (or <c>PVTCOMS_RELAY</c>) chose <see cref="OwnRelay"/>: deposits are then never moved to
    /// the failover; they stay queued and are retried until the own relay answers. Default true (never fail over
    /// unless told the relay is only a default).
    /// </summary>
    public bool OwnRelayIsExplicit { get; init; } = true;

    /// <summary>How to reach relays. Null: an <see cref="HttpRelayTransport"/> built from the settings below (owned and disposed by the node).</summary>
    public IRelayTransport? Transport { get; init; }

    /// <summary>Proof-of-work difficulty the own relay asks for.</summary>
    public int OwnRelayPowDifficulty { get; init; } = RelayAccess.DefaultPowDifficulty;

    /// <summary>Bearer secret of the own relay, if it needs one.</summary>
    public string? OwnRelayAccessKey { get; init; }

    /// <summary>Difficulty assumed for contacts' relays (an invite does not carry it).</summary>
    public int PeerRelayPowDifficulty { get; init; } = RelayAccess.DefaultPowDifficulty;

    public IEntropy Entropy { get; init; } = SystemEntropy.Instance;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The name offered to people who accept our invites (a hint; may be empty).</summary>
    public string DisplayName { get; init; } = string.Empty;

    /// <summary>Opt-in cover deposits (<c>PVTCOMS_COVER_TRAFFIC=1</c>).</summary>
    public bool CoverTraffic { get; init; }

    public TimeSpan CoverInterval { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Polls are uniformly jittered between these bounds.</summary>
    public TimeSpan MinPollInterval { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Publish the blinded directory record on the own relay every token epoch.</summary>
    public bool PublishDirectoryRecord { get; init; } = true;

    /// <summary>A contact actor idle this long passivates (and rehydrates from the store on the next message).</summary>
    public TimeSpan ContactIdleTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the outbox looks for items whose retry time has come.</summary>
    public TimeSpan OutboxTick { get; init; } = TimeSpan.FromSeconds(1);

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>Polls a blob must fail to open before it is burned as poison (ADR 0081).</summary>
    public int PoisonBlobPolls { get; init; } = 5;

    /// <summary>And the time since it was first seen.</summary>
    public TimeSpan PoisonBlobAge { get; init; } = TimeSpan.FromMinutes(10);

    public long TokenEpochSeconds { get; init; } = RelayLimits.DefaultTokenEpochSeconds;

    /// <summary>How often the profile looks whether the token epoch changed (new tokens, directory record, prekey upkeep).</summary>
    public TimeSpan EpochCheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Ask timeout for the facade's calls into the actor system.</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>True when <c>PVTCOMS_COVER_TRAFFIC=1</c>.</summary>
    /// <summary>
    /// Everything Akka can log (DEBUG, dead letters with their messages, unhandled messages, lifecycle), for the
    /// output-hygiene test that shows none of it carries a secret. Off in the product.
    /// </summary>
    public bool DiagnosticLogging { get; init; }

    public static bool CoverTrafficFromEnvironment() =>
        string.Equals(Environment.GetEnvironmentVariable("PVTCOMS_COVER_TRAFFIC"), "1", StringComparison.Ordinal);

    public override string ToString() =>
        $"ClientNodeOptions(cover {CoverTraffic}, relay {(OwnRelay.IsOnion ? "onion" : "loopback")}, failover {(FailoverRelay is null ? "none" : FailoverRelay.IsOnion ? "onion" : "loopback")})";
}
