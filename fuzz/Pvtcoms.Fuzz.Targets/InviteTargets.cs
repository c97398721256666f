using System.Text;
using Pvtcoms.Protocol.DirectoryRecords;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Onion;

namespace Pvtcoms.Fuzz.Targets;

/// <summary>Targets for what arrives outside a session: invite text, its fields, and directory records.</summary>
internal static class InviteTargets
{
    /// <summary>
    /// The text a user pastes (decoded from the input as UTF-8). Parsing is case-insensitive and trims white
    /// space, so the property is: what was accepted encodes back to the trimmed, lower-cased text.
    /// </summary>
    public static FuzzTarget InviteText(FuzzFixture fixture) => new(
        "invite-text",
        "Invite.Parse (pvtcoms1: text); accepted text must encode back to itself (trimmed, lower case)",
        input =>
        {
            var text = Encoding.UTF8.GetString(input);
            if (!Invite.Parse(text).TryGetValue(out var invite))
            {
                return false;
            }

            var canonical = Encoding.UTF8.GetBytes(text.Trim().ToLowerInvariant());
            FuzzPropertyViolation.ThrowUnlessRoundTrips("Invite.Parse", canonical, Encoding.UTF8.GetBytes(invite.Encode()));
            return true;
        },
        SeedSet.With(
            SeedSet.Of(("invite", Encoding.ASCII.GetBytes(fixture.InviteText))),
            ("upper-case", Encoding.ASCII.GetBytes(fixture.InviteText.ToUpperInvariant())),
            ("prefix-only", Encoding.ASCII.GetBytes(Invite.Prefix))));

    /// <summary>
    /// The invite's fields that have their own parsers, all fed the same bytes: the relay endpoint and the display
    /// name (bytes), and an onion address (text, as an onion relay is configured or shown).
    /// </summary>
    public static FuzzTarget InviteFields(FuzzFixture fixture)
    {
        var onion = OnionAddress.FromPublicKey(fixture.AliceIdentity.PublicKey.Bytes).HostName;
        return new(
        "invite-fields",
        "RelayEndpoint.Parse, InviteDisplayName.Parse and OnionAddress.Parse of the same bytes; accepted bytes must serialize back",
        input =>
        {
            var accepted = false;
            if (RelayEndpoint.Parse(input).TryGetValue(out var relay))
            {
                FuzzPropertyViolation.ThrowUnlessRoundTrips("RelayEndpoint.Parse", input, relay.ToBytes());
                accepted = true;
            }

            if (InviteDisplayName.Parse(input).TryGetValue(out var name))
            {
                FuzzPropertyViolation.ThrowUnlessRoundTrips("InviteDisplayName.Parse", input, Encoding.UTF8.GetBytes(name));
                accepted = true;
            }

            if (OnionAddress.Parse(Encoding.UTF8.GetString(input)).TryGetValue(out var address))
            {
                var canonical = input.EndsWith(".onion"u8) ? address.HostName : address.ServiceId;
                FuzzPropertyViolation.ThrowUnlessRoundTrips("OnionAddress.Parse", input, Encoding.ASCII.GetBytes(canonical));
                accepted = true;
            }

            return accepted;
        },
        SeedSet.Of(
            ("loopback", fixture.Relay.ToBytes()),
            ("onion-relay", Encoding.ASCII.GetBytes(onion + ":80")),
            ("onion", Encoding.ASCII.GetBytes(onion)),
            ("name", "Alice Ünal"u8.ToArray())));
    }

    public static FuzzTarget DirectoryRecord(FuzzFixture fixture)
    {
        var identity = fixture.AliceIdentity.PublicKey;
        var locator = fixture.Directory.Locator;
        return new(
            "directory-record",
            "DirectoryRecord.Open of a blob found at the expected identity's locator",
            input => Protocol.DirectoryRecords.DirectoryRecord.Open(identity, FuzzFixture.DirectoryEpoch, locator, input).IsOk,
            SeedSet.Of(("record", fixture.Directory.Blob)));
    }
}
