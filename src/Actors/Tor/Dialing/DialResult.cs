namespace Pvtcoms.Actors.Tor.Dialing;

/// <summary>How a connection left (or did not).</summary>
public enum DialRoute
{
    /// <summary>A loopback IP literal: never leaves the machine.</summary>
    DirectLoopback,

    /// <summary>Direct TCP because PVTCOMS_ALLOW_DIRECT_TCP=1 was set.</summary>
    DirectAllowed,

    /// <summary>Through tor's SOCKS port.</summary>
    Tor,
}

/// <summary>Why a dial failed (tor not being ready is not a failure: see <see cref="DialResult.TorNotReady"/>).</summary>
public enum DialFailure
{
    InvalidTarget,
    ConnectFailed,
    SocksProtocolError,
    SocksRefused,
    Timeout,
}

/// <summary>The outcome of <see cref="FailClosedDialer.DialAsync"/>.</summary>
public abstract record DialResult
{
    private DialResult()
    {
    }

    /// <summary>An open stream; the caller owns and disposes it.</summary>
    public sealed record Connected(Stream Stream, DialRoute Route) : DialResult;

    /// <summary>tor is not bootstrapped: nothing was opened; the caller queues and tries later.</summary>
    public sealed record TorNotReady : DialResult
    {
        public static readonly TorNotReady Instance = new();
    }

    /// <summary>Nothing usable was opened. <paramref name="ReplyCode"/> is tor's SOCKS reply when it refused.</summary>
    public sealed record Failed(DialFailure Reason, Socks5ReplyCode? ReplyCode = null, Socks5Error SocksError = Socks5Error.None) : DialResult;
}
