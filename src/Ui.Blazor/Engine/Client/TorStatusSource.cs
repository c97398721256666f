using Akka.Actor;
using Pvtcoms.Actors.Tor.Supervision;

namespace Pvtcoms.Ui.Blazor.Engine.Client;

/// <summary>
/// Where the status bar learns about the profile's tor: the actor system whose EventStream carries the supervisor's
/// <see cref="TorStatus"/> at every change, and the supervisor's answer for the status it has now (asked once).
/// </summary>
public sealed record TorStatusSource(ActorSystem System, Func<CancellationToken, Task<TorStatus>> Current)
{
    public override string ToString() => "TorStatusSource";
}
