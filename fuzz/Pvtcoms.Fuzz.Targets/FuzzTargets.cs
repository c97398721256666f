namespace Pvtcoms.Fuzz.Targets;

/// <summary>
/// Every fuzz target: each parser of untrusted bytes in Protocol, and the Tor parsers in Actors. The names are the
/// corpus folders (fuzz/corpus/&lt;name&gt;) and what fuzz/run.sh and the driver's "run &lt;target&gt;" take.
/// Names are known without building anything; a target (and the shared fixture) is built on first use, because
/// under afl-fuzz instrumented code may only run once SharpFuzz's fork server has set up the coverage map.
/// </summary>
public static class FuzzTargets
{
    private static readonly (string Name, Func<FuzzFixture, FuzzTarget> Create)[] s_catalog =
    [
        ("prekey-bundle", HandshakeTargets.PrekeyBundle),
        ("initial-message", HandshakeTargets.InitialMessage),
        ("intro-envelope", HandshakeTargets.IntroEnvelope),
        ("ratchet-message", SessionTargets.RatchetMessage),
        ("session-state", SessionTargets.SessionState),
        ("chat-payload", MessageTargets.ChatPayload),
        ("relay-deposit", RelayTargets.Deposit),
        ("relay-fetch-request", RelayTargets.Fetch),
        ("relay-fetch-response", RelayTargets.FetchResponse),
        ("relay-confirm", RelayTargets.Confirm),
        ("relay-error", RelayTargets.Error),
        ("relay-health", RelayTargets.Health),
        ("invite-text", InviteTargets.InviteText),
        ("invite-fields", InviteTargets.InviteFields),
        ("directory-record", InviteTargets.DirectoryRecord),
        ("tor-control-reply", TorTargets.ControlReply),
        ("tor-control-port-file", TorTargets.ControlPortFile),
        ("socks5-reply", TorTargets.Socks5Reply),
    ];

    private static readonly Lazy<IReadOnlyList<FuzzTarget>> s_all =
        new(() => [.. s_catalog.Select(entry => Build(entry.Name, entry.Create))], LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The target names, in catalog order; builds nothing.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. s_catalog.Select(entry => entry.Name)];

    /// <summary>Every target, built (with the fixture) on first access.</summary>
    public static IReadOnlyList<FuzzTarget> All => s_all.Value;

    /// <summary>Builds the named target (and the fixture, once per process); null for an unknown name.</summary>
    public static FuzzTarget? Create(string name)
    {
        foreach (var (entryName, create) in s_catalog)
        {
            if (string.Equals(entryName, name, StringComparison.Ordinal))
            {
                return Build(entryName, create);
            }
        }

        return null;
    }

    private static FuzzTarget Build(string name, Func<FuzzFixture, FuzzTarget> create)
    {
        var target = create(FuzzFixture.Instance);
        if (!string.Equals(target.Name, name, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Catalog entry '{name}' built target '{target.Name}'.");
        }

        return target;
    }
}
