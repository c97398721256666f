namespace Pvtcoms.Fuzz.Targets;

/// <summary>
/// Every fuzz target: each parser of untrusted bytes in Protocol, and the Tor parsers in Actors. The names are the
/// corpus folders (fuzz/corpus/&lt;name&gt;) and what fuzz/run.sh and the driver's "run &lt;target&gt;" take.
/// </summary>
public static class FuzzTargets
{
    private static readonly Lazy<IReadOnlyList<FuzzTarget>> s_all = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public static IReadOnlyList<FuzzTarget> All => s_all.Value;

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    private static IReadOnlyList<FuzzTarget> Build()
    {
        var fixture = FuzzFixture.Instance;
        return
        [
            HandshakeTargets.PrekeyBundle(fixture),
            HandshakeTargets.InitialMessage(fixture),
            HandshakeTargets.IntroEnvelope(fixture),
            SessionTargets.RatchetMessage(fixture),
            SessionTargets.SessionState(fixture),
            MessageTargets.ChatPayload(fixture),
            RelayTargets.Deposit(fixture),
            RelayTargets.Fetch(fixture),
            RelayTargets.FetchResponse(fixture),
            RelayTargets.Confirm(fixture),
            RelayTargets.Error(fixture),
            RelayTargets.Health(fixture),
            InviteTargets.InviteText(fixture),
            InviteTargets.InviteFields(fixture),
            InviteTargets.DirectoryRecord(fixture),
            TorTargets.ControlReply(fixture),
            TorTargets.ControlPortFile(fixture),
            TorTargets.Socks5Reply(fixture),
        ];
    }
}
