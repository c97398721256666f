using System.Buffers.Binary;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Messages;

namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// The app payload's caller checks (each with its parameter name and message), its exact bounds (1 and 256
/// receipt ids, 64-byte names, 32 768-byte texts, the largest payload), the typed error of every truncated
/// body, and the fields that must be empty for every kind but the one that carries them.
/// </summary>
public sealed class ChatPayloadMutationTests
{
    private static readonly RelayEndpoint s_relay = RelayEndpoint.Parse("127.0.0.1:7470").Value;
    private static readonly Guid s_id = new("00112233-4455-6677-8899-aabbccddeeff");

    // ---- caller checks of the factories ----

    [Fact]
    public void A_text_with_nul_is_refused_when_the_payload_is_created()
    {
        var error = Assert.Throws<ArgumentException>(() => ChatPayload.CreateText(s_id, 1, "a\0b"));
        Assert.Equal("text", error.ParamName);
        Assert.StartsWith("Text must be valid UTF-8 without NUL and at most 32768 bytes.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_one_byte_over_the_bound_is_refused_when_the_payload_is_created()
    {
        var error = Assert.Throws<ArgumentException>(() => ChatPayload.CreateText(s_id, 1, new string('x', ChatPayloadLimits.MaxTextBytes + 1)));
        Assert.Equal("text", error.ParamName);
    }

    [Fact]
    public void A_null_text_is_refused_naming_the_text()
    {
        Assert.Equal("text", Assert.Throws<ArgumentNullException>(() => ChatPayload.CreateText(s_id, 1, null!)).ParamName);
        Assert.Equal("text", Assert.Throws<ArgumentNullException>(() => ChatPayload.CreateHello(s_id, 1, s_relay, "n", null!)).ParamName);
        Assert.Equal("text", Assert.Throws<ArgumentNullException>(() => ChatPayload.IsValidText(null!)).ParamName);
    }

    [Fact]
    public void A_hello_without_a_relay_or_name_is_refused_naming_the_missing_argument()
    {
        Assert.Equal("relay", Assert.Throws<ArgumentNullException>(() => ChatPayload.CreateHello(s_id, 1, null!, "n", "t")).ParamName);
        Assert.Equal("displayNameHint", Assert.Throws<ArgumentNullException>(() => ChatPayload.CreateHello(s_id, 1, s_relay, null!, "t")).ParamName);
    }

    [Theory]
    [InlineData("\u202Eevil")]
    [InlineData("bell\u0007")]
    public void A_hello_with_a_refused_display_name_throws(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => ChatPayload.CreateHello(s_id, 1, s_relay, name, "t"));
        Assert.Equal("displayNameHint", error.ParamName);
        Assert.StartsWith("Display name hint is too long or has a refused character.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hello_with_a_display_name_one_byte_too_long_throws()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ChatPayload.CreateHello(s_id, 1, s_relay, new string('n', ChatPayloadLimits.MaxDisplayNameBytes + 1), "t"));
        Assert.Equal("displayNameHint", error.ParamName);
    }

    [Fact]
    public void A_hello_with_a_nul_in_its_text_throws()
    {
        var error = Assert.Throws<ArgumentException>(() => ChatPayload.CreateHello(s_id, 1, s_relay, "n", "hi\0"));
        Assert.Equal("text", error.ParamName);
    }

    [Fact]
    public void A_receipt_without_a_list_is_refused_naming_the_list()
    {
        Assert.Equal("acknowledged", Assert.Throws<ArgumentNullException>(() =>
            ChatPayload.CreateReceipt(ChatPayloadKind.ReadReceipt, s_id, null!)).ParamName);
    }

    [Theory]
    [InlineData(ChatPayloadKind.Hello)]
    [InlineData(ChatPayloadKind.Text)]
    [InlineData(ChatPayloadKind.IdentityRotation)]
    [InlineData((ChatPayloadKind)0)]
    public void A_receipt_of_a_kind_that_is_not_a_receipt_is_refused(ChatPayloadKind kind)
    {
        Assert.Equal("kind", Assert.Throws<ArgumentOutOfRangeException>(() => ChatPayload.CreateReceipt(kind, s_id, [Guid.NewGuid()])).ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ChatPayloadLimits.MaxReceiptIds + 1)]
    public void A_receipt_naming_no_id_or_too_many_is_refused(int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        var error = Assert.Throws<ArgumentException>(() => ChatPayload.CreateReceipt(ChatPayloadKind.DeliveryReceipt, s_id, ids));
        Assert.Equal("acknowledged", error.ParamName);
        Assert.StartsWith("A receipt names 1..256 distinct ids.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_receipt_naming_one_id_twice_is_refused_when_created()
    {
        var id = Guid.NewGuid();
        var error = Assert.Throws<ArgumentException>(() => ChatPayload.CreateReceipt(ChatPayloadKind.ReadReceipt, s_id, [id, Guid.NewGuid(), id]));
        Assert.Equal("acknowledged", error.ParamName);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(ChatPayloadLimits.MaxReceiptIds)]
    public void Receipts_of_one_and_of_the_most_ids_round_trip(int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        var bytes = ChatPayload.CreateReceipt(ChatPayloadKind.DeliveryReceipt, s_id, ids).Serialize();
        Assert.Equal(ChatPayloadLimits.HeaderSize + 2 + (16 * count), bytes.Length);
        var parsed = ChatPayload.Parse(bytes).Value;
        Assert.Equal(ids, parsed.ReceiptIds);
        Assert.Equal(0UL, parsed.Sequence);
    }

    [Fact]
    public void A_rotation_without_a_migration_is_refused_naming_the_migration()
    {
        Assert.Equal("migration", Assert.Throws<ArgumentNullException>(() => ChatPayload.CreateRotation(s_id, null!)).ParamName);
    }

    // ---- fields a kind does not carry are empty, created and parsed ----

    [Fact]
    public void Every_kind_but_hello_carries_an_empty_name_and_no_relay()
    {
        using var oldKey = IdentityKeyPair.FromSeed(new byte[32]);
        using var newKey = IdentityKeyPair.FromSeed(Enumerable.Repeat((byte)7, 32).ToArray());
        var created = new[]
        {
            ChatPayload.CreateText(s_id, 5, "words"),
            ChatPayload.CreateReceipt(ChatPayloadKind.DeliveryReceipt, s_id, [Guid.NewGuid()]),
            ChatPayload.CreateReceipt(ChatPayloadKind.ReadReceipt, s_id, [Guid.NewGuid()]),
            ChatPayload.CreateRotation(s_id, IdentityMigration.Create(oldKey, newKey, 1)),
        };
        foreach (var payload in created)
        {
            var parsed = ChatPayload.Parse(payload.Serialize()).Value;
            foreach (var p in new[] { payload, parsed })
            {
                Assert.Equal(string.Empty, p.DisplayNameHint);
                Assert.Null(p.Relay);
                if (p.Kind != ChatPayloadKind.Text)
                {
                    Assert.Equal(string.Empty, p.Text);
                    Assert.Equal(0UL, p.Sequence);
                }
            }
        }
    }

    [Fact]
    public void A_text_payload_is_encoded_byte_for_byte()
    {
        var bytes = ChatPayload.CreateText(s_id, 0x0102030405060708, "hé").Serialize();
        byte[] expected =
        [
            1, 2,
            0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF,
            1, 2, 3, 4, 5, 6, 7, 8,
            0, 0, 0, 3, (byte)'h', 0xC3, 0xA9,
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void ToString_names_the_kind_and_sequence_only()
    {
        Assert.Equal("ChatPayload(Text, #7)", ChatPayload.CreateText(s_id, 7, "secret").ToString());
    }

    // ---- text validity bounds ----

    [Fact]
    public void Text_of_exactly_the_byte_bound_is_valid_and_one_byte_more_is_not()
    {
        Assert.True(ChatPayload.IsValidText(new string('x', ChatPayloadLimits.MaxTextBytes)));
        Assert.False(ChatPayload.IsValidText(new string('x', ChatPayloadLimits.MaxTextBytes + 1)));
        // 16 384 two-byte characters are exactly the bound in UTF-8 bytes though far fewer chars.
        Assert.True(ChatPayload.IsValidText(new string('é', ChatPayloadLimits.MaxTextBytes / 2)));
        Assert.False(ChatPayload.IsValidText(new string('é', ChatPayloadLimits.MaxTextBytes / 2) + "x"));
    }

    [Fact]
    public void Text_with_nul_or_a_lone_surrogate_is_not_valid()
    {
        // Built here rather than as theory data: xunit's data serialization would turn a lone surrogate into U+FFFD.
        string[] refused = ["\0", "before\0after", "\uD800", "lone low \uDC00 surrogate", "high at end \uD83E"];
        foreach (var text in refused)
        {
            Assert.False(ChatPayload.IsValidText(text));
            Assert.Equal("text", Assert.Throws<ArgumentException>(() => ChatPayload.CreateText(s_id, 1, text)).ParamName);
        }

        Assert.True(ChatPayload.IsValidText("paired \uD83E\uDD8A surrogates"));
    }

    [Fact]
    public void The_longest_text_round_trips()
    {
        var text = new string('z', ChatPayloadLimits.MaxTextBytes);
        Assert.Equal(text, ChatPayload.Parse(ChatPayload.CreateText(s_id, 1, text).Serialize()).Value.Text);
    }

    [Fact]
    public void Serialized_text_starts_with_no_byte_order_mark()
    {
        var bytes = ChatPayload.CreateText(s_id, 1, "x").Serialize();
        Assert.Equal(ChatPayloadLimits.HeaderSize + 4 + 1, bytes.Length);
        Assert.Equal((byte)'x', bytes[^1]);
    }

    // ---- parser bounds and truncations ----

    [Fact]
    public void An_input_of_exactly_the_largest_payload_size_is_parsed_and_one_byte_more_is_not()
    {
        var text = ChatPayload.CreateText(s_id, 1, "t").Serialize();
        var padded = new byte[ChatPayloadLimits.MaxPayloadSize];
        text.CopyTo(padded, 0);
        Assert.Equal(ProtocolError.TrailingBytes, ChatPayload.Parse(padded).Error);
        Assert.Equal(ProtocolError.LengthOutOfRange, ChatPayload.Parse(new byte[ChatPayloadLimits.MaxPayloadSize + 1]).Error);
    }

    [Fact]
    public void A_hello_with_a_display_name_of_exactly_the_bound_round_trips()
    {
        var name = new string('n', ChatPayloadLimits.MaxDisplayNameBytes);
        var parsed = ChatPayload.Parse(ChatPayload.CreateHello(s_id, 1, s_relay, name, "hi").Serialize()).Value;
        Assert.Equal(name, parsed.DisplayNameHint);
        Assert.Equal("hi", parsed.Text);
    }

    [Fact]
    public void A_hello_whose_name_length_is_over_the_bound_is_invalid_text_before_reading_it()
    {
        var bytes = HelloWithNameLength(ChatPayloadLimits.MaxDisplayNameBytes + 1);
        Assert.Equal(ProtocolError.InvalidPayloadText, ChatPayload.Parse(bytes).Error);
    }

    [Fact]
    public void A_text_cut_inside_its_body_is_truncated_not_invalid()
    {
        var bytes = ChatPayload.CreateText(s_id, 1, "hello").Serialize();
        Assert.Equal(ProtocolError.Truncated, ChatPayload.Parse(bytes.AsSpan(0, bytes.Length - 1)).Error);
        Assert.Equal(ProtocolError.Truncated, ChatPayload.Parse(bytes.AsSpan(0, ChatPayloadLimits.HeaderSize + 2)).Error);
    }

    [Fact]
    public void A_hello_cut_inside_its_text_is_truncated()
    {
        var bytes = ChatPayload.CreateHello(s_id, 1, s_relay, "n", "hello").Serialize();
        Assert.Equal(ProtocolError.Truncated, ChatPayload.Parse(bytes.AsSpan(0, bytes.Length - 1)).Error);
    }

    [Fact]
    public void A_receipt_cut_before_its_count_is_truncated()
    {
        var bytes = ChatPayload.CreateReceipt(ChatPayloadKind.ReadReceipt, s_id, [Guid.NewGuid()]).Serialize();
        Assert.Equal(ProtocolError.Truncated, ChatPayload.Parse(bytes.AsSpan(0, ChatPayloadLimits.HeaderSize)).Error);
        Assert.Equal(ProtocolError.Truncated, ChatPayload.Parse(bytes.AsSpan(0, ChatPayloadLimits.HeaderSize + 1)).Error);
    }

    [Fact]
    public void A_receipt_with_fewer_ids_than_its_count_is_truncated()
    {
        var bytes = ChatPayload.CreateReceipt(ChatPayloadKind.DeliveryReceipt, s_id, [Guid.NewGuid(), Guid.NewGuid()]).Serialize();
        Assert.Equal(ProtocolError.Truncated, ChatPayload.Parse(bytes.AsSpan(0, bytes.Length - 1)).Error);
        Assert.Equal(ProtocolError.Truncated, ChatPayload.Parse(bytes.AsSpan(0, bytes.Length - 16)).Error);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(ChatPayloadLimits.MaxReceiptIds, true)]
    [InlineData(ChatPayloadLimits.MaxReceiptIds + 1, false)]
    [InlineData(ushort.MaxValue, false)]
    public void A_received_receipt_count_is_accepted_from_1_to_256_only(int count, bool accepted)
    {
        var bytes = new byte[ChatPayloadLimits.HeaderSize + 2 + (16 * count)];
        bytes[0] = ChatPayloadLimits.Version;
        bytes[1] = (byte)ChatPayloadKind.ReadReceipt;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(ChatPayloadLimits.HeaderSize), (ushort)count);
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(ChatPayloadLimits.HeaderSize + 2 + (16 * i)), i + 1);
        }

        var result = ChatPayload.Parse(bytes.AsSpan(0, Math.Min(bytes.Length, ChatPayloadLimits.MaxPayloadSize)));
        if (accepted)
        {
            Assert.Equal(count, result.Value.ReceiptIds.Count);
            Assert.Equal(ChatPayloadKind.ReadReceipt, result.Value.Kind);
        }
        else
        {
            Assert.Equal(ProtocolError.ReceiptCountOutOfRange, result.Error);
        }
    }

    [Fact]
    public void A_rotation_cut_short_is_truncated()
    {
        var bytes = RotationBytes();
        Assert.Equal(ProtocolError.Truncated, ChatPayload.Parse(bytes.AsSpan(0, bytes.Length - 1)).Error);
        Assert.Equal(ProtocolError.Truncated, ChatPayload.Parse(bytes.AsSpan(0, ChatPayloadLimits.HeaderSize)).Error);
    }

    [Fact]
    public void A_rotation_whose_statement_is_malformed_gives_the_statements_error()
    {
        var bytes = RotationBytes();
        var body = ChatPayloadLimits.HeaderSize;

        var wrongVersion = (byte[])bytes.Clone();
        wrongVersion[body] = 2;
        Assert.Equal(ProtocolError.UnsupportedVersion, ChatPayload.Parse(wrongVersion).Error);

        var zeroSequence = (byte[])bytes.Clone();
        zeroSequence.AsSpan(body + 1 + 32 + 32, 8).Clear();
        Assert.Equal(ProtocolError.MigrationSequenceInvalid, ChatPayload.Parse(zeroSequence).Error);

        var sameKey = (byte[])bytes.Clone();
        sameKey.AsSpan(body + 1, 32).CopyTo(sameKey.AsSpan(body + 1 + 32));
        Assert.Equal(ProtocolError.MigrationToSameKey, ChatPayload.Parse(sameKey).Error);
    }

    [Fact]
    public void A_parsed_rotation_carries_the_statement_byte_for_byte()
    {
        var bytes = RotationBytes();
        var parsed = ChatPayload.Parse(bytes).Value;
        Assert.Equal(bytes.AsSpan(ChatPayloadLimits.HeaderSize).ToArray(), parsed.Rotation.ToArray());
        Assert.Equal(string.Empty, parsed.Text);
        Assert.Equal(string.Empty, parsed.DisplayNameHint);
    }

    private static byte[] RotationBytes()
    {
        using var oldKey = IdentityKeyPair.FromSeed(new byte[32]);
        using var newKey = IdentityKeyPair.FromSeed(Enumerable.Repeat((byte)9, 32).ToArray());
        var bytes = ChatPayload.CreateRotation(s_id, IdentityMigration.Create(oldKey, newKey, 3)).Serialize();
        Assert.Equal(ChatPayloadLimits.HeaderSize + ChatPayloadLimits.RotationBodySize, bytes.Length);
        return bytes;
    }

    /// <summary>A Hello whose name-length byte says <paramref name="nameLength"/> and which really carries that many name bytes.</summary>
    private static byte[] HelloWithNameLength(int nameLength)
    {
        var relay = s_relay.ToBytes();
        var bytes = new List<byte> { ChatPayloadLimits.Version, (byte)ChatPayloadKind.Hello };
        bytes.AddRange(new byte[16]);
        bytes.AddRange(new byte[8]);
        bytes.Add((byte)relay.Length);
        bytes.AddRange(relay);
        bytes.Add((byte)nameLength);
        bytes.AddRange(Enumerable.Repeat((byte)'n', nameLength));
        bytes.AddRange(new byte[] { 0, 0, 0, 1, (byte)'t' });
        return [.. bytes];
    }
}
