using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Ui.Tests.Fakes;

/// <summary>
/// The "network" between in-memory <see cref="FakeMessengerSession"/>s: open invites, and message delivery in
/// visible steps (queued → at relay → delivered → read) with a delay per step, so a browser sees states advance.
/// While <see cref="RelayReachable"/> is false, new messages go queued → failed.
/// </summary>
public sealed class FakeNetwork
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FakeMessengerSession> _openInvites = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedInvites = new(StringComparer.Ordinal);

    public TimeSpan StepDelay { get; init; } = TimeSpan.FromMilliseconds(150);

    public bool RelayReachable { get; set; } = true;

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
