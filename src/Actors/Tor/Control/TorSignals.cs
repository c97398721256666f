namespace Pvtcoms.Actors.Tor.Control;

/// <summary>SIGNAL commands we send on an authenticated control connection (control-spec §3.7).</summary>
public static class TorSignals
{
    /// <summary>The exact command line (without CRLF) for NEWNYM.</summary>
    public const string NewnymCommand = "SIGNAL NEWNYM";

    /// <summary>
    /// <c>SIGNAL NEWNYM</c>: tor answers <c>250 OK</c> and then (at most once per 10 s; a request inside that window
    /// is deferred, not dropped) marks every circuit that has carried a stream unusable for new streams and purges its
    /// onion-client state: descriptor cache, introduction-point failure cache, the last-HSDir-request table and
    /// pending descriptor fetches (tor's signewnym_impl → hs_client_purge_state). It also picks new layer-2
    /// vanguards (purge_vanguards_lite), which is why callers rate-limit it (ADR 0068).
    /// Returns <see cref="TorFailure.None"/> on <c>250</c>, <see cref="TorFailure.CommandRefused"/> on any other
    /// status, or the connection's failure.
    /// </summary>
    public static async Task<TorFailure> NewnymAsync(TorControlConnection control, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(control);
        var reply = await control.SendAsync(NewnymCommand, cancellationToken).ConfigureAwait(false);
        if (!reply.IsOk)
        {
            return reply.Failure;
        }

        return reply.Value.IsOk ? TorFailure.None : TorFailure.CommandRefused;
    }
}
