using System.Security.Cryptography;
using System.Text;
using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// The caller checks of <see cref="Invite"/>, <see cref="InviteDisplayName"/> and <see cref="RelayEndpoint"/>
/// with their parameter names and messages, the exact length limits of invite parsing, the checksum pinned
/// against CRYPTO_SPEC (SHA-256 of the label and the payload, computed here with .NET's own SHA-256) and
/// the refused bidirectional characters at both ends of their ranges.
/// </summary>
public sealed class InviteMutationTests
{
    private const string Onion = "pvtcomsrelayexampleonionaddressforinvitetestsabcdefghijk.onion";
    private static readonly byte[] s_token = new byte[Invite.IntroTokenSize];
    private static readonly byte[] s_bundle = [1, 2, 3];

    private static RelayEndpoint OnionRelay => RelayEndpoint.Parse(Onion).Value;

    [Fact]
    public void Create_refuses_a_null_relay_naming_it()
    {
        var e = Assert.Throws<ArgumentNullException>(() => Invite.Create(null!, s_token, s_bundle, "Ana"));
        Assert.Equal("relay", e.ParamName);
    }

    [Fact]
    public void Create_refuses_a_null_name_hint_naming_it_not_the_validators_parameter()
    {
        var e = Assert.Throws<ArgumentNullException>(() => Invite.Create(OnionRelay, s_token, s_bundle, null!));
        Assert.Equal("displayNameHint", e.ParamName);
    }

    [Fact]
    public void Create_refuses_a_wrong_size_intro_token_with_its_own_message()
    {
        var e = Assert.Throws<ArgumentException>(() => Invite.Create(OnionRelay, new byte[31], s_bundle, "Ana"));
        Assert.Equal("introToken", e.ParamName);
        Assert.StartsWith("Expected 32 bytes.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_refuses_an_empty_bundle_with_a_message_giving_the_range()
    {
        var e = Assert.Throws<ArgumentException>(() => Invite.Create(OnionRelay, s_token, [], "Ana"));
        Assert.Equal("prekeyBundle", e.ParamName);
        Assert.StartsWith("Prekey bundle must be 1..8192 bytes.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_refuses_a_refused_name_hint_with_its_message()
    {
        var e = Assert.Throws<ArgumentException>(() => Invite.Create(OnionRelay, s_token, s_bundle, "a\u202Eb"));
        Assert.Equal("displayNameHint", e.ParamName);
        Assert.StartsWith("Display name hint is too long or has a refused character.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_refuses_null_text_with_an_argument_null_exception()
    {
        var e = Assert.Throws<ArgumentNullException>(() => Invite.Parse(null!));
        Assert.Equal("text", e.ParamName);
    }

    [Fact]
    public void A_text_of_exactly_the_maximum_length_passes_both_length_checks()
    {
        // The longest payload the limits allow: a 255-byte relay field (not a valid address), an 8 192-byte
        // bundle and a 64-byte name. Its text is exactly MaxTextLength long and it decodes to exactly
        // MaxEncodedPayloadLength bytes, so parsing must get past both size checks to the relay address.
        var payload = new byte[Invite.MaxEncodedPayloadLength - Invite.ChecksumSize];
        payload[0] = Invite.Version;
        payload[1] = RelayEndpoint.MaxLength;
        payload.AsSpan(2, RelayEndpoint.MaxLength).Fill((byte)'a');
        var text = Invite.EncodePayload(payload);
        Assert.Equal(Invite.MaxTextLength, text.Length);

        Assert.Equal(ProtocolError.InvalidRelayAddress, Invite.Parse(text).Error);
        Assert.Equal(ProtocolError.InviteTooLong, Invite.Parse(text + "a").Error);
    }

    [Fact]
    public void A_one_byte_payload_reports_its_unsupported_version_not_truncation()
    {
        Assert.Equal(ProtocolError.UnsupportedVersion, Invite.Parse(Invite.Prefix + Base32.Encode([2])).Error);
        Assert.Equal(ProtocolError.Truncated, Invite.Parse(Invite.Prefix + Base32.Encode([Invite.Version])).Error);
        Assert.Equal(ProtocolError.Truncated, Invite.Parse(Invite.Prefix).Error);
    }

    [Fact]
    public void A_payload_of_exactly_the_minimum_length_is_parsed_and_one_byte_less_is_truncated()
    {
        var payload = new byte[Invite.MinEncodedPayloadLength - Invite.ChecksumSize];
        payload[0] = Invite.Version;
        payload[1] = 1;
        payload[2] = (byte)'x';
        Assert.Equal(ProtocolError.InvalidRelayAddress, Invite.Parse(Invite.EncodePayload(payload)).Error);
        Assert.Equal(ProtocolError.Truncated, Invite.Parse(Invite.EncodePayload(payload.AsSpan(0, payload.Length - 1))).Error);
    }

    [Fact]
    public void The_checksum_is_the_spec_sha256_of_label_and_payload()
    {
        var invite = Invite.Create(OnionRelay, s_token, s_bundle, "Ana");
        var text = invite.Encode();
        Assert.True(Base32.TryDecode(text.AsSpan(Invite.Prefix.Length), out var encoded));
        var payload = encoded.AsSpan(0, encoded.Length - Invite.ChecksumSize).ToArray();

        var expected = SHA256.HashData([.. Encoding.ASCII.GetBytes("pvtcoms/v1/invite-checksum"), .. payload]);
        Assert.Equal(Convert.ToHexStringLower(expected.AsSpan(0, Invite.ChecksumSize)),
            Convert.ToHexStringLower(encoded.AsSpan(payload.Length)));

        // And an invite checksummed by hand to the spec parses.
        var handMade = Invite.Prefix + Base32.Encode([.. payload, .. expected.AsSpan(0, Invite.ChecksumSize)]);
        Assert.True(Invite.Parse(handMade).IsOk);
    }

    [Fact]
    public void ToString_names_the_version_and_the_kind_of_relay_only()
    {
        Assert.Equal("Invite(v1, onion relay)", Invite.Create(OnionRelay, s_token, s_bundle, "Ana").ToString());
        var loopback = RelayEndpoint.Parse("http://127.0.0.1:8080").Value;
        Assert.Equal("Invite(v1, loopback relay)", Invite.Create(loopback, s_token, s_bundle, "Ana").ToString());
    }

    [Fact]
    public void Display_name_validation_refuses_null_naming_the_parameter()
    {
        var e = Assert.Throws<ArgumentNullException>(() => InviteDisplayName.IsValid(null!));
        Assert.Equal("name", e.ParamName);
    }

    [Fact]
    public void Display_name_parsing_refuses_65_bytes_of_plain_ascii_and_takes_64()
    {
        var name = new byte[InviteDisplayName.MaxLength + 1];
        name.AsSpan().Fill((byte)'a');
        Assert.Equal(ProtocolError.InvalidDisplayName, InviteDisplayName.Parse(name).Error);
        Assert.Equal(new string('a', 64), InviteDisplayName.Parse(name.AsSpan(0, 64)).Value);
    }

    [Theory]
    [InlineData('\u202A')]
    [InlineData('\u202E')]
    [InlineData('\u2066')]
    [InlineData('\u2069')]
    public void Both_ends_of_the_bidirectional_formatting_ranges_are_refused(char c)
    {
        var name = "a" + c + "b";
        Assert.False(InviteDisplayName.IsValid(name));
        Assert.Equal(ProtocolError.InvalidDisplayName, InviteDisplayName.Parse(Encoding.UTF8.GetBytes(name)).Error);
    }

    [Theory]
    [InlineData('\u2029')]
    [InlineData('\u202F')]
    [InlineData('\u2065')]
    [InlineData('\u206A')]
    public void The_characters_next_to_the_bidirectional_ranges_are_allowed(char c)
    {
        Assert.True(InviteDisplayName.IsValid("a" + c + "b"));
    }

    [Fact]
    public void Different_relay_endpoints_are_not_equal_and_none_equals_null()
    {
        var a = RelayEndpoint.Parse("127.0.0.1:1").Value;
        var b = RelayEndpoint.Parse("127.0.0.1:2").Value;
        Assert.False(a.Equals(b));
        Assert.False(a.Equals((RelayEndpoint?)null));
        Assert.False(a.Equals((object)b));
        Assert.True(a.Equals(RelayEndpoint.Parse("127.0.0.1:1").Value));
    }

    [Theory]
    [InlineData(".onioz")]
    [InlineData("xonion")]
    [InlineData("abcdef")]
    [InlineData(".oniom")]
    public void A_62_character_host_must_end_in_dot_onion(string suffix)
    {
        var host = Onion[..RelayEndpoint.OnionLabelLength] + suffix;
        Assert.Equal(ProtocolError.InvalidRelayAddress, RelayEndpoint.Parse(host).Error);
        Assert.Equal(ProtocolError.InvalidRelayAddress, RelayEndpoint.Parse(host + ":80").Error);
        Assert.True(RelayEndpoint.Parse(Onion + ":80").IsOk);
    }
}
