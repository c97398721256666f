namespace Pvtcoms.Actors.Profiles;

/// <summary>Where the primary relay came from, in resolution order (DESIGN §9, ADR 0077).</summary>
public enum RelaySettingSource
{
    /// <summary><c>PVTCOMS_RELAY</c> (explicit: never failed over).</summary>
    Environment,

    /// <summary><c>relay=</c> in the <c>pvtcoms.conf</c> sidecar next to the executable (a distributor's default).</summary>
    Sidecar,

    /// <summary>The relay the user chose in this profile (explicit: never failed over).</summary>
    StoredChoice,

    /// <summary>The built-in default, <c>127.0.0.1:7470</c> (testbed and development).</summary>
    Default,
}
