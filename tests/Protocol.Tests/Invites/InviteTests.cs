using System.Buffers.Binary;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Wire;

namespace Pvtcoms.Protocol.Tests.Invites;

public sealed class InviteTests
{
    private const string Base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    private static void AssertSame(Invite expected, Invite actual)
    {
        Assert.Equal(expected.Relay, actual.Relay);
        Assert.Equal(expected.IntroToken.ToArray(), actual.IntroToken.ToArray());
        Assert.Equal(expected.PrekeyBundle.ToArray(), actual.PrekeyBundle.ToArray());
        Assert.Equal(expected.DisplayNameHint, actual.DisplayNameHint);
    }

    /// <summary>A payload (without checksum) with the given fields, for building hostile invites.</summary>
    private static byte[] Payload(byte version, byte[] relay, byte[] token, byte[] bundle, byte[] name, int? bundleLengthField = null)
    {
        var payload = new byte[1 + 1 + relay.Length + token.Length + 2 + bundle.Length + 1 + name.Length];
        var writer = new WireWriter(payload);
        writer.WriteByte(version);
        writer.WriteByte((byte)relay.Length);
        writer.WriteFixed(relay);
        writer.WriteFixed(token);
        writer.WriteUInt16((ushort)(bundleLengthField ?? bundle.Length));
        writer.WriteFixed(bundle);
        writer.WriteByte((byte)name.Length);
        writer.WriteFixed(name);
        return payload;
    }

    private static byte[] OnionBytes => Encoding.ASCII.GetBytes(InviteSamples.Onion);

    [Property(MaxTest = 200)]
    public void Invite_round_trips_through_its_text(int seed)
    {
        var invite = InviteSamples.Random(seed);
        var text = invite.Encode();
        Assert.StartsWith(Invite.Prefix, text, StringComparison.Ordinal);
        Assert.All(text[Invite.Prefix.Length..], c => Assert.Contains(c, Base32Alphabet));
        AssertSame(invite, Invite.Parse(text).Value);
    }

    [Property(MaxTest = 200)]
    public void Invite_round_trips_over_arbitrary_bundles_and_tokens(NonEmptyArray<byte> bundle, byte[] tokenSeed, bool uppercase)
    {
        var token = new byte[Invite.IntroTokenSize];
        (tokenSeed ?? []).AsSpan(0, Math.Min(token.Length, tokenSeed?.Length ?? 0)).CopyTo(token);
        var bytes = bundle.Get.Length > Invite.MaxPrekeyBundleLength ? bundle.Get[..Invite.MaxPrekeyBundleLength] : bundle.Get;
        var invite = Invite.Create(RelayEndpoint.Parse("https://[::1]:8443").Value, token, bytes, "Bo");
        var text = invite.Encode();
        AssertSame(invite, Invite.Parse(uppercase ? text.ToUpperInvariant() : text).Value);
    }

    [Fact]
    public void Largest_invite_round_trips_and_fits_the_text_bound()
    {
        var relay = RelayEndpoint.Parse("http://127.0.0.1:1").Value;
        var invite = Invite.Create(relay, new byte[32], new byte[Invite.MaxPrekeyBundleLength], new string('n', InviteDisplayName.MaxLength));
        var text = invite.Encode();
        Assert.True(text.Length <= Invite.MaxTextLength);
        AssertSame(invite, Invite.Parse(text).Value);
    }

    [Fact]
    public void Surrounding_whitespace_and_uppercase_are_tolerated()
    {
        var invite = InviteSamples.Small();
        var text = invite.Encode();
        AssertSame(invite, Invite.Parse("  \n\t" + text.ToUpperInvariant() + " \r\n").Value);
        AssertSame(invite, Invite.Parse("PVTCOMS1:" + text[Invite.Prefix.Length..]).Value);
    }

    [Fact]
    public void Whitespace_inside_the_text_is_refused()
    {
        var text = InviteSamples.Small().Encode();
        var broken = text[..20] + " " + text[20..];
        Assert.Equal(ProtocolError.InvalidEncoding, Invite.Parse(broken).Error);
    }

    [Fact]
    public void Every_single_character_change_of_an_invite_is_detected()
    {
        var text = InviteSamples.Small().Encode();
        var replacements = Base32Alphabet + "018:9-_=.K\u212A";
        for (var position = 0; position < text.Length; position++)
        {
            foreach (var replacement in replacements)
            {
                if (char.ToLowerInvariant(replacement) == text[position])
                {
                    continue;
                }

                var changed = text[..position] + replacement + text[(position + 1)..];
                Assert.False(Invite.Parse(changed).IsOk, $"change at {position} to '{replacement}' was accepted");
            }
        }
    }

    [Property(MaxTest = 300)]
    public void Any_single_character_change_is_detected(int seed, PositiveInt position, char replacement)
    {
        var text = InviteSamples.Random(seed, maxBundle: 60).Encode();
        var index = position.Get % text.Length;
        if (char.IsAsciiLetterUpper(replacement) ? (char)(replacement | 0x20) == text[index] : replacement == text[index])
        {
            return; // a case change of the same letter is tolerated by design
        }

        var changed = text[..index] + replacement + text[(index + 1)..];
        Assert.False(Invite.Parse(changed).IsOk, $"change at {index} to U+{(int)replacement:X4} was accepted");
    }

    [Fact]
    public void Every_truncation_is_detected()
    {
        var text = InviteSamples.Random(5).Encode();
        for (var length = 0; length < text.Length; length++)
        {
            Assert.False(Invite.Parse(text[..length]).IsOk, $"truncation to {length} accepted");
        }
    }

    [Fact]
    public void Truncated_text_is_reported_as_a_checksum_mismatch_or_a_broken_encoding()
    {
        var text = InviteSamples.Random(6).Encode();
        var minimum = Invite.Prefix.Length + (Invite.MinEncodedPayloadLength * 8 / 5) + 1;
        for (var length = minimum; length < text.Length; length++)
        {
            var error = Invite.Parse(text[..length]).Error;
            Assert.True(error is ProtocolError.InviteChecksumMismatch or ProtocolError.InvalidEncoding, $"{length}: {error}");
        }
    }

    [Fact]
    public void Typo_in_the_body_is_reported_as_a_checksum_mismatch()
    {
        var text = InviteSamples.Small().Encode();
        var index = Invite.Prefix.Length + 40;
        var changed = text[..index] + (text[index] == 'a' ? 'b' : 'a') + text[(index + 1)..];
        Assert.Equal(ProtocolError.InviteChecksumMismatch, Invite.Parse(changed).Error);
    }

    [Fact]
    public void Wrong_prefix_is_refused()
    {
        var body = InviteSamples.Small().Encode()[Invite.Prefix.Length..];
        Assert.Equal(ProtocolError.InvitePrefixMissing, Invite.Parse("pvtcom1:" + body).Error);
        Assert.Equal(ProtocolError.InvitePrefixMissing, Invite.Parse(body).Error);
        Assert.Equal(ProtocolError.InvitePrefixMissing, Invite.Parse("signal1:" + body).Error);
        Assert.Equal(ProtocolError.InvitePrefixMissing, Invite.Parse(string.Empty).Error);
        Assert.Equal(ProtocolError.UnsupportedVersion, Invite.Parse("pvtcoms2:" + body).Error);
    }

    [Fact]
    public void Payload_of_another_version_is_refused_even_with_a_valid_checksum()
    {
        var text = Invite.EncodePayload(Payload(2, OnionBytes, new byte[32], [1], []));
        Assert.Equal(ProtocolError.UnsupportedVersion, Invite.Parse(text).Error);
    }

    [Fact]
    public void Oversized_invites_are_refused()
    {
        Assert.Equal(ProtocolError.InviteTooLong, Invite.Parse(Invite.Prefix + new string('a', Invite.MaxTextLength)).Error);

        var bundle = new byte[Invite.MaxPrekeyBundleLength + 1];
        var text = Invite.EncodePayload(Payload(1, OnionBytes, new byte[32], bundle, []));
        Assert.Equal(ProtocolError.LengthOutOfRange, Invite.Parse(text).Error);

        Assert.Throws<ArgumentException>(() =>
            Invite.Create(RelayEndpoint.Parse(InviteSamples.Onion).Value, new byte[32], bundle));
        Assert.Throws<ArgumentException>(() =>
            Invite.Create(RelayEndpoint.Parse(InviteSamples.Onion).Value, new byte[32], [1], new string('n', 65)));
        Assert.Throws<ArgumentException>(() =>
            Invite.Create(RelayEndpoint.Parse(InviteSamples.Onion).Value, new byte[31], [1]));
    }

    [Fact]
    public void Hostile_payload_fields_behind_a_valid_checksum_give_typed_errors()
    {
        var token = new byte[32];
        Assert.Equal(ProtocolError.InvalidRelayAddress,
            Invite.Parse(Invite.EncodePayload(Payload(1, "example.com:80"u8.ToArray(), token, [1], []))).Error);
        Assert.Equal(ProtocolError.LengthOutOfRange,
            Invite.Parse(Invite.EncodePayload(Payload(1, OnionBytes, token, [], []))).Error);
        Assert.Equal(ProtocolError.Truncated,
            Invite.Parse(Invite.EncodePayload(Payload(1, OnionBytes, token, [1, 2], [], bundleLengthField: 500))).Error);
        Assert.Equal(ProtocolError.InvalidDisplayName,
            Invite.Parse(Invite.EncodePayload(Payload(1, OnionBytes, token, [1], [0xC3, 0x28]))).Error);
        Assert.Equal(ProtocolError.InvalidDisplayName,
            Invite.Parse(Invite.EncodePayload(Payload(1, OnionBytes, token, [1], Encoding.UTF8.GetBytes("a\u202Eb")))).Error);
        Assert.Equal(ProtocolError.InvalidDisplayName,
            Invite.Parse(Invite.EncodePayload(Payload(1, OnionBytes, token, [1], new byte[65]))).Error);
        Assert.Equal(ProtocolError.TrailingBytes,
            Invite.Parse(Invite.EncodePayload([.. Payload(1, OnionBytes, token, [1], []), 0])).Error);
    }

    [Fact]
    public void Non_canonical_base32_tail_is_refused()
    {
        // One payload byte less than a multiple of 5 leaves unused bits in the last character; setting them is refused.
        var text = InviteSamples.Small().Encode();
        var valid = Invite.Parse(text);
        Assert.True(valid.IsOk);
        var bits = (text.Length - Invite.Prefix.Length) * 5 % 8;
        if (bits != 0)
        {
            var last = Base32Alphabet.IndexOf(text[^1], StringComparison.Ordinal);
            var changed = text[..^1] + Base32Alphabet[last | 1];
            Assert.Equal(ProtocolError.InvalidEncoding, Invite.Parse(changed).Error);
        }
    }

    [Fact]
    public void Random_strings_give_an_invite_or_a_typed_error()
    {
        var random = new Random(12345);
        var alphabets = new[] { Base32Alphabet, Base32Alphabet.ToUpperInvariant() + "01:89 \n", "pvtcoms1:abc\u212A\u0130é🙂\0" };
        for (var i = 0; i < 5000; i++)
        {
            var alphabet = alphabets[i % alphabets.Length];
            var length = random.Next(0, i % 50 == 0 ? 20000 : 200);
            var chars = new char[length];
            for (var j = 0; j < length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            var text = (i % 2 == 0 ? Invite.Prefix : string.Empty) + new string(chars);
            var result = Invite.Parse(text);
            Assert.True(result.IsOk || result.Error != ProtocolError.None);
        }
    }

    [Fact]
    public void Mutated_invites_give_an_invite_or_a_typed_error()
    {
        var random = new Random(999);
        var text = InviteSamples.Random(77).Encode();
        for (var i = 0; i < 3000; i++)
        {
            var chars = text.ToCharArray();
            for (var m = random.Next(1, 5); m > 0; m--)
            {
                chars[random.Next(chars.Length)] = (char)random.Next(0, 0x3000);
            }

            var mutated = new string(chars, 0, random.Next(chars.Length / 2, chars.Length + 1));
            var result = Invite.Parse(mutated);
            Assert.True(result.IsOk || result.Error != ProtocolError.None);
        }
    }

    [Fact]
    public void Random_payload_bytes_behind_a_valid_checksum_give_a_typed_error()
    {
        var random = new Random(4242);
        for (var i = 0; i < 3000; i++)
        {
            var payload = new byte[random.Next(1, 400)];
            random.NextBytes(payload);
            payload[0] = 1;
            if (payload.Length > 1 && i % 2 == 0)
            {
                payload[1] = (byte)Math.Min(payload.Length, InviteSamples.Onion.Length);
            }

            var result = Invite.Parse(Invite.EncodePayload(payload));
            Assert.True(result.IsOk || result.Error != ProtocolError.None);
        }
    }

    [Fact]
    public void ToString_reveals_neither_token_nor_bundle_nor_name()
    {
        var token = new byte[32];
        BinaryPrimitives.WriteUInt64BigEndian(token, 0x1122334455667788);
        var invite = Invite.Create(RelayEndpoint.Parse(InviteSamples.Onion).Value, token, [0xAB, 0xCD], "Ana");
        var text = invite.ToString();
        Assert.DoesNotContain("1122334455667788", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("abcd", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Ana", text, StringComparison.Ordinal);
        Assert.DoesNotContain(InviteSamples.Onion, text, StringComparison.Ordinal);
    }
}
