using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Actors.Profiles;

/// <summary>
/// The relay this client uses (DESIGN §9, ADR 0077). The primary relay is, in order: <c>PVTCOMS_RELAY</c>;
/// the sidecar's <c>relay=</c>; the profile's stored choice; the built-in default. Its access key comes from
/// the same source only (<c>PVTCOMS_RELAY_KEY</c>, the sidecar's <c>key=</c>, the stored key), so a key is
/// never sent to a relay it was not configured with. <c>relay2=</c> (sidecar) is the failover relay, used
/// only by <see cref="RelaySelector"/> and never for an explicit primary.
/// </summary>
public sealed record ClientRelaySettings(
    RelayEndpoint Primary,
    RelaySettingSource PrimarySource,
    RelayAccessSecret? Key,
    int PowDifficulty,
    RelayEndpoint? Failover,
    RelayAccessSecret? FailoverKey)
{
    public const string RelayVariable = "PVTCOMS_RELAY";
    public const string RelayKeyVariable = "PVTCOMS_RELAY_KEY";
    public const string DefaultRelayAddress = "127.0.0.1:7470";

    /// <summary>The relay's default demand (docs/RELAY.md); the sidecar's <c>pow=</c> overrides it.</summary>
    public const int DefaultPowDifficulty = 18;

    public static RelayEndpoint DefaultRelay { get; } = RelayEndpoint.Parse(DefaultRelayAddress).Value;

    /// <summary>Set by the environment or by the user: such a relay is never replaced by a failover.</summary>
    public bool IsExplicit => PrimarySource is RelaySettingSource.Environment or RelaySettingSource.StoredChoice;

    /// <summary>Resolves from the process environment and the sidecar next to the executable.</summary>
    public static ProfileResult<ClientRelaySettings> Resolve(IProfileEnvironment environment, StoredRelayChoice? stored)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var sidecar = RelaySidecar.Load(environment.ExecutableDirectory);
        return sidecar.TryGetValue(out var parsed)
            ? Resolve(environment, parsed, stored)
            : ProfileResult<ClientRelaySettings>.Fail(sidecar.Error, sidecar.Setting);
    }

    public static ProfileResult<ClientRelaySettings> Resolve(IProfileEnvironment environment, RelaySidecar sidecar, StoredRelayChoice? stored)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(sidecar);
        var pow = sidecar.Pow ?? DefaultPowDifficulty;
        var envKeyText = environment.GetVariable(RelayKeyVariable);
        RelayAccessSecret? envKey = null;
        if (envKeyText is not null && (envKey = RelayAccessSecret.TryParse(envKeyText)) is null)
        {
            return ProfileResult<ClientRelaySettings>.Fail(ProfileError.InvalidSetting, RelayKeyVariable);
        }

        if (environment.GetVariable(RelayVariable) is { } envRelayText)
        {
            return RelayEndpoint.Parse(envRelayText).TryGetValue(out var envRelay)
                ? Ok(envRelay, RelaySettingSource.Environment, envKey, pow, sidecar)
                : ProfileResult<ClientRelaySettings>.Fail(ProfileError.InvalidSetting, RelayVariable);
        }

        if (envKey is not null)
        {
            // A key without its relay would be sent to whichever relay another source names.
            return ProfileResult<ClientRelaySettings>.Fail(ProfileError.InvalidSetting, RelayKeyVariable);
        }

        if (sidecar.Relay is { } sidecarRelay)
        {
            return Ok(sidecarRelay, RelaySettingSource.Sidecar, sidecar.Key, pow, sidecar);
        }

        if (stored is not null)
        {
            return Ok(stored.Relay, RelaySettingSource.StoredChoice, stored.Key, pow, sidecar);
        }

        return Ok(DefaultRelay, RelaySettingSource.Default, null, pow, sidecar);
    }

    /// <summary>The access key for <paramref name="relay"/>: the primary's own key, the sidecar's key for its failover.</summary>
    public RelayAccessSecret? KeyFor(RelayEndpoint relay)
    {
        ArgumentNullException.ThrowIfNull(relay);
        return relay.Equals(Primary) ? Key : relay.Equals(Failover) ? FailoverKey : null;
    }

    private static ProfileResult<ClientRelaySettings> Ok(RelayEndpoint primary, RelaySettingSource source, RelayAccessSecret? key, int pow, RelaySidecar sidecar) =>
        ProfileResult<ClientRelaySettings>.Ok(new ClientRelaySettings(primary, source, key, pow, sidecar.Relay2, sidecar.Relay2 is null ? null : sidecar.Key));
}
