using Akka.Actor;
using Pvtcoms.Actors.Transport;
using Pvtcoms.Protocol.Relay;

namespace Pvtcoms.Actors.Client;

/// <summary>
/// Opt-in cover traffic (<c>PVTCOMS_COVER_TRAFFIC=1</c>): at jittered intervals, deposits a random
/// <see cref="CoverBlob"/> of the smallest bucket under this device's <see cref="CoverToken"/> on the own relay.
/// The poller polls the cover tokens and burns what it finds (reclaim on poll). A failed cover deposit is
/// simply skipped: cover is not a message.
/// </summary>
internal sealed class CoverTrafficActor : ReceiveActor, IWithTimers
{
    private readonly ClientContext _context;
    private readonly byte[] _deviceSecret;

    public CoverTrafficActor(ClientContext context, byte[] deviceSecret)
    {
        _context = context;
        _deviceSecret = deviceSecret;
        Receive<DepositCover>(_ =>
        {
            var token = CoverToken.Derive(_deviceSecret, _context.TokenEpoch);
            var blob = CoverBlob.Create(_context.Entropy, RelayLimits.SmallestBucket);
            _context.Transport.DepositAsync(_context.Options.OwnRelay, token, blob, CancellationToken.None)
                .PipeTo(Self, success: o => new CoverDeposited(o.IsOk), failure: _ => new CoverDeposited(false));
            ScheduleNext();
        });
        Receive<CoverDeposited>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ClientContext context, byte[] deviceSecret) =>
        Akka.Actor.Props.Create(() => new CoverTrafficActor(context, deviceSecret));

    protected override void PreStart() => ScheduleNext();

    protected override void PostStop() => System.Security.Cryptography.CryptographicOperations.ZeroMemory(_deviceSecret);

    private void ScheduleNext() =>
        Timers.StartSingleTimer("cover", DepositCover.Instance, PollSchedule.NextDelay(_context.Options.CoverInterval, 0.5, _context.Entropy));

    internal sealed record DepositCover
    {
        public static DepositCover Instance { get; } = new();
    }

    private sealed record CoverDeposited(bool Ok);
}
