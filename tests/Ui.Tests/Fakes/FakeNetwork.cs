using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Ui.Tests.Fakes;

/// <summary>
/// The "network" between in-memory <see cref="FakeMessengerSession"/>s: open invites, and message delivery in
/// visible steps (queued → at relay → delivered → read) with a delay per step, so a browser sees states advance.
/// While <see cref="RelayReachable"/> is false, new messages go queued → failed. Deposits (queued → at relay) and
/// fetches (at relay → delivered: the peer is online) can be paused and resumed, so a test sees each state for sure.
/// </summary>
public sealed class FakeNetwork
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FakeMessengerSession> _openInvites = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedInvites = new(StringComparer.Ordinal);

    public TimeSpan StepDelay { get; init; } = TimeSpan.FromMilliseconds(150);

    private readonly List<Action> _pausedDeposits = [];
    private readonly List<Action> _pausedFetches = [];
    private bool _depositsPaused;
    private bool _fetchesPaused;

    public bool RelayReachable { get; set; } = true;

    public void PauseDeposits() => SetPaused(ref _depositsPaused, _pausedDeposits, pausedNow: true);

    public void ResumeDeposits() => SetPaused(ref _depositsPaused, _pausedDeposits, pausedNow: false);

    /// <summary>The peers are "offline": what reaches the relay waits there.</summary>
    public void PauseFetches() => SetPaused(ref _fetchesPaused, _pausedFetches, pausedNow: true);

    public void ResumeFetches() => SetPaused(ref _fetchesPaused, _pausedFetches, pausedNow: false);

    internal void Deposit(Action step) => RunOrPark(ref _depositsPaused, _pausedDeposits, step);

    internal void Fetch(Action step) => RunOrPark(ref _fetchesPaused, _pausedFetches, step);

    private void RunOrPark(ref bool paused, List<Action> parked, Action step)
    {
        lock (_gate)
        {
            if (paused)
            {
                parked.Add(step);
                return;
            }
        }

        After(1, step);
    }

    private void SetPaused(ref bool paused, List<Action> parked, bool pausedNow)
    {
        List<Action> release;
        lock (_gate)
        {
            paused = pausedNow;
            if (pausedNow)
            {
                return;
            }

            release = [.. parked];
            parked.Clear();
        }

        release.ForEach(step => After(1, step));
    }

    internal void Open(Invite invite, FakeMessengerSession inviter)
    {
        lock (_gate)
        {
            _openInvites[Convert.ToHexString(invite.IntroToken)] = inviter;
        }
    }

    /// <summary>The inviter of an open invite (consumed), or why not.</summary>
    internal (FakeMessengerSession? Inviter, bool AlreadyUsed) Take(Invite invite, FakeMessengerSession acceptor)
    {
        var key = Convert.ToHexString(invite.IntroToken);
        lock (_gate)
        {
            if (_usedInvites.Contains(key))
            {
                return (null, true);
            }

            if (!_openInvites.TryGetValue(key, out var inviter))
            {
                return (null, false);
            }

            if (ReferenceEquals(inviter, acceptor))
            {
                return (inviter, false);
            }

            _openInvites.Remove(key);
            _usedInvites.Add(key);
            return (inviter, false);
        }
    }

    /// <summary>Runs <paramref name="step"/> after <paramref name="steps"/> step delays, off the caller's thread.</summary>
    internal void After(int steps, Action step) =>
        _ = Task.Run(async () =>
        {
            await Task.Delay(StepDelay * steps).ConfigureAwait(false);
            step();
        });
}
