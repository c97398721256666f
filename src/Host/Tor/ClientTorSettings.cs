using Pvtcoms.Actors.Storage;
using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Host.Tor;

/// <summary>
/// When a client profile runs its own tor (ADR 0067): its relay is an onion address, or it hosts its own inbox
/// (store setting <see cref="HostInboxSetting"/>, set by <c>init --host-inbox</c>, or PVTCOMS_HOST_INBOX=1), or Tor is
/// forced with PVTCOMS_TOR=1. Without Tor the client reaches loopback relays only (fail closed).
/// </summary>
public static class ClientTorSettings
{
    public const string HostInboxSetting = "tor/host-inbox";
    public const string HostInboxEnvironmentVariable = "PVTCOMS_HOST_INBOX";
    public const string TorEnvironmentVariable = "PVTCOMS_TOR";

    /// <summary>A file of torrc lines appended to the client's tor configuration: only for joining a private test network.</summary>
    public const string ExtraTorrcEnvironmentVariable = "PVTCOMS_TOR_EXTRA_TORRC";

    public static bool HostsInbox(IClientStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Environment.GetEnvironmentVariable(HostInboxEnvironmentVariable) == "1"
               || store.LoadSetting(HostInboxSetting) is [1];
    }

    public static void SaveHostsInbox(IClientStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        store.SaveSetting(HostInboxSetting, [1]);
    }

    public static bool UsesTor(RelayEndpoint relay, bool hostsInbox)
    {
        ArgumentNullException.ThrowIfNull(relay);
        return relay.IsOnion || hostsInbox || Environment.GetEnvironmentVariable(TorEnvironmentVariable) == "1";
    }

    public static List<string>? ExtraTorrcLines()
    {
        var path = Environment.GetEnvironmentVariable(ExtraTorrcEnvironmentVariable);
        return string.IsNullOrEmpty(path)
            ? null
            : File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
    }
}
