using System.Net;
using Pvtcoms.Protocol.Relay;
using Pvtcoms.Relay.Mailbox;

namespace Pvtcoms.Relay.Configuration;

/// <summary>Everything a relay is configured with (see docs/RELAY.md, "Configuration").</summary>
public sealed record RelayOptions
{
    public const int DefaultPort = 7470;

    /// <summary>Where the HTTP API listens. Default 127.0.0.1:7470 (put Tor's onion service in front).</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, DefaultPort);

    /// <summary>Optional extra listener for /health only; must be a loopback address (refused otherwise).</summary>
    public IPEndPoint? HealthListen { get; init; }

    /// <summary>Directory holding relay.db (and its WAL). Created if missing.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Optional bearer secret; when set, every API request must carry it.</summary>
    public RelayAccessKey? AccessKey { get; init; }

    /// <summary>Leading zero bits a deposit's proof of work must have.</summary>
    public int PowDifficulty { get; init; } = 18;

    /// <summary>Length of a proof-of-work epoch; stamps for the current or previous one are accepted.</summary>
    public long PowEpochSeconds { get; init; } = RelayLimits.DefaultPowEpochSeconds;

    /// <summary>Undelivered blobs are dropped after this many days.</summary>
    public int ExpiryDays { get; init; } = 14;

    public MailboxLimits Mailbox { get; init; } = MailboxLimits.Default;

    /// <summary>Most blobs the whole relay stores.</summary>
    public long MaxStoredBlobs { get; init; } = 4_000_000;

    /// <summary>Most blob bytes the whole relay stores.</summary>
    public long MaxStoredBytes { get; init; } = 16L * 1024 * 1024 * 1024;

    /// <summary>An idle mailbox is passivated (leaves memory) after this long.</summary>
    public TimeSpan PassivateIdleAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often expired blobs are looked for.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the WAL is checkpointed and truncated (so deleted bytes leave it).</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a request waits for its mailbox.</summary>
    public TimeSpan MailboxTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a graceful shutdown waits for requests in flight.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Run request handling on the socket threads (Kestrel's <c>UnsafePreferInlineScheduling</c>, ADR 0118) instead of
    /// handing every read and write to the thread pool. Default on; <c>inline_sockets=0</c> turns it off.
    /// </summary>
    public bool InlineSocketScheduling { get; init; } = true;

    /// <summary>Set when the relay runs as one node of a cluster on PostgreSQL (<c>cluster=1</c>); null for the single-node relay.</summary>
    public RelayClusterOptions? Cluster { get; init; }

    public string DatabasePath => Path.Combine(DataDirectory, "relay.db");
}
