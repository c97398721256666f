using System.Text;
using Pvtcoms.Actors.Storage;

namespace Pvtcoms.Ui.Blazor.Engine.Client;

/// <summary>Reads and writes the desktop's settings in the profile's store (<see cref="EngineSettingNames"/>).</summary>
public static class StoredEngineSettings
{
    /// <summary>The saved settings; each one not saved yet comes from <paramref name="fallback"/>.</summary>
    public static MessengerSettings Load(IClientStore store, MessengerSettings fallback)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(fallback);
        var relay = Text(store, EngineSettingNames.RelayChoice) ?? fallback.Relay;
        var failover = store.LoadSetting(EngineSettingNames.FailoverRelay) is { } f
            ? (f.Length == 0 ? null : Encoding.UTF8.GetString(f))
            : fallback.FailoverRelay;
        var pow = store.LoadSetting(EngineSettingNames.ProofOfWorkBits) is [var bits] && bits <= MessengerSettings.MaxProofOfWorkBits
            ? bits
            : fallback.ProofOfWorkBits;
        var cover = store.LoadSetting(EngineSettingNames.CoverTraffic) is [var flag] ? flag == 1 : fallback.CoverTraffic;
        return new MessengerSettings(relay, failover, pow, cover);
    }

    /// <summary>Saves all four values (the caller validated them).</summary>
    public static void Save(IClientStore store, MessengerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(settings);
        store.SaveSetting(EngineSettingNames.RelayChoice, Encoding.UTF8.GetBytes(settings.Relay));
        store.SaveSetting(EngineSettingNames.FailoverRelay, Encoding.UTF8.GetBytes(settings.FailoverRelay ?? string.Empty));
        store.SaveSetting(EngineSettingNames.ProofOfWorkBits, [(byte)settings.ProofOfWorkBits]);
        store.SaveSetting(EngineSettingNames.CoverTraffic, [settings.CoverTraffic ? (byte)1 : (byte)0]);
    }

    public static string? LoadDisplayName(IClientStore store) => Text(store ?? throw new ArgumentNullException(nameof(store)), EngineSettingNames.DisplayName);

    public static void SaveDisplayName(IClientStore store, string displayName)
    {
        ArgumentNullException.ThrowIfNull(store);
        store.SaveSetting(EngineSettingNames.DisplayName, Encoding.UTF8.GetBytes(displayName ?? string.Empty));
    }

    private static string? Text(IClientStore store, string name) =>
        store.LoadSetting(name) is { Length: > 0 } bytes ? Encoding.UTF8.GetString(bytes) : null;
}
