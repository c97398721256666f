using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Actors.Profiles;

/// <summary>The relay the user chose in the UI, as stored in the profile (the store persists it; this is its shape).</summary>
public sealed record StoredRelayChoice(RelayEndpoint Relay, RelayAccessSecret? Key);
