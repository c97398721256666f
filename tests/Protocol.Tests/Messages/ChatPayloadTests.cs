using System.Buffers.Binary;
using FsCheck;
using FsCheck.Xunit;
using Pvtcoms.Protocol.Identity;
using Pvtcoms.Protocol.Invites;
using Pvtcoms.Protocol.Messages;

namespace Pvtcoms.Protocol.Tests.Messages;

public sealed class ChatPayloadTests
{
    private static readonly RelayEndpoint s_relay = RelayEndpoint.Parse("127.0.0.1:7470").Value;

    [Property(MaxTest = 200)]
    public void Text_round_trips(Guid id, ulong sequence, NonNull<string> text)
    {
        var value = Sanitize(text.Get);
        var parsed = ChatPayload.Parse(ChatPayload.CreateText(id, sequence, value).Serialize()).Value;
        Assert.Equal(ChatPayloadKind.Text, parsed.Kind);
        Assert.Equal(id, parsed.MessageId);
        Assert.Equal(sequence, parsed.Sequence);
        Assert.Equal(value, parsed.Text);
    }

    [Property(MaxTest = 200)]
    public void Hello_round_trips_with_relay_name_and_text(Guid id, NonNull<string> text, bool withName)
    {
        var value = Sanitize(text.Get);
        var name = withName ? "Alice 🦊" : string.Empty;
        var parsed = ChatPayload.Parse(ChatPayload.CreateHello(id, 1, s_relay, name, value).Serialize()).Value;
        Assert.Equal(ChatPayloadKind.Hello, parsed.Kind);
        Assert.Equal(s_relay, parsed.Relay);
        Assert.Equal(name, parsed.DisplayNameHint);
        Assert.Equal(value, parsed.Text);
    }

    [Property(MaxTest = 200)]
    public void Receipts_round_trip(NonEmptyArray<Guid> ids, bool read)
    {
        var distinct = ids.Get.Distinct().Take(ChatPayloadLimits.MaxReceiptIds).ToArray();
        var kind = read ? ChatPayloadKind.ReadReceipt : ChatPayloadKind.DeliveryReceipt;
        var parsed = ChatPayload.Parse(ChatPayload.CreateReceipt(kind, Guid.NewGuid(), distinct).Serialize()).Value;
        Assert.Equal(kind, parsed.Kind);
        Assert.Equal(distinct, parsed.ReceiptIds);
    }

    [Fact]
    public void Rotation_round_trips_and_still_verifies()
    {
        using var oldKey = IdentityKeyPair.FromSeed(new byte[32]);
        using var newKey = IdentityKeyPair.FromSeed(Enumerable.Repeat((byte)7, 32).ToArray());
        var migration = IdentityMigration.Create(oldKey, newKey, 1);
        var parsed = ChatPayload.Parse(ChatPayload.CreateRotation(Guid.NewGuid(), migration).Serialize()).Value;
        var statement = IdentityMigration.Parse(parsed.Rotation).Value;
        Assert.Equal(ProtocolError.None, statement.Verify());
        Assert.Equal(newKey.PublicKey, statement.NewKey);
    }

    [Property(MaxTest = 300)]
    public void Every_truncation_is_a_typed_error(Guid id, NonNull<string> text)
    {
        var bytes = ChatPayload.CreateHello(id, 3, s_relay, "n", Sanitize(text.Get)).Serialize();
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(ChatPayload.Parse(bytes.AsSpan(0, length)).IsOk);
        }
    }

    [Property(MaxTest = 300)]
    public void A_mutated_payload_is_a_value_or_a_typed_error(Guid id, PositiveInt position, byte value)
    {
        var bytes = ChatPayload.CreateText(id, 9, "hello there").Serialize();
        bytes[position.Get % bytes.Length] ^= (byte)(value | 1);
        var result = ChatPayload.Parse(bytes);
        Assert.True(result.IsOk || result.Error != ProtocolError.None);
    }

    [Fact]
    public void Trailing_bytes_are_refused()
    {
        var bytes = ChatPayload.CreateText(Guid.NewGuid(), 1, "x").Serialize();
        Assert.Equal(ProtocolError.TrailingBytes, ChatPayload.Parse([.. bytes, 0]).Error);
    }

    [Fact]
    public void Unknown_version_and_kind_are_refused()
    {
        var bytes = ChatPayload.CreateText(Guid.NewGuid(), 1, "x").Serialize();
        bytes[0] = 2;
        Assert.Equal(ProtocolError.UnsupportedVersion, ChatPayload.Parse(bytes).Error);
        bytes[0] = 1;
        bytes[1] = 9;
        Assert.Equal(ProtocolError.UnknownPayloadKind, ChatPayload.Parse(bytes).Error);
    }

    [Fact]
    public void Invalid_utf8_and_nul_in_text_are_refused()
    {
        var bytes = ChatPayload.CreateText(Guid.NewGuid(), 1, "ab").Serialize();
        bytes[^1] = 0xFF;
        Assert.Equal(ProtocolError.InvalidPayloadText, ChatPayload.Parse(bytes).Error);
        bytes[^1] = 0;
        Assert.Equal(ProtocolError.InvalidPayloadText, ChatPayload.Parse(bytes).Error);
    }

    [Fact]
    public void A_text_length_above_the_bound_is_refused_before_reading()
    {
        var bytes = ChatPayload.CreateText(Guid.NewGuid(), 1, "ab").Serialize();
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(ChatPayloadLimits.HeaderSize), ChatPayloadLimits.MaxTextBytes + 1);
        Assert.Equal(ProtocolError.InvalidPayloadText, ChatPayload.Parse(bytes).Error);
    }

    [Fact]
    public void A_receipt_naming_an_id_twice_or_none_is_refused()
    {
        var id = Guid.NewGuid();
        var bytes = ChatPayload.CreateReceipt(ChatPayloadKind.ReadReceipt, Guid.NewGuid(), [id, Guid.NewGuid()]).Serialize();
        bytes.AsSpan(ChatPayloadLimits.HeaderSize + 2, 16).CopyTo(bytes.AsSpan(ChatPayloadLimits.HeaderSize + 2 + 16));
        Assert.Equal(ProtocolError.ReceiptCountOutOfRange, ChatPayload.Parse(bytes).Error);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(ChatPayloadLimits.HeaderSize), 0);
        Assert.Equal(ProtocolError.ReceiptCountOutOfRange, ChatPayload.Parse(bytes).Error);
    }

    [Fact]
    public void The_largest_payload_fits_one_sealed_64_KiB_bucket()
    {
        Assert.True(ChatPayloadLimits.MaxPayloadSize <= Pvtcoms.Protocol.Sessions.EstablishedSession.MaxPlaintextLength);
    }

    [Fact]
    public void ToString_shows_neither_text_nor_id()
    {
        var id = Guid.NewGuid();
        var payload = ChatPayload.CreateText(id, 1, "secret words");
        Assert.DoesNotContain("secret", payload.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(id.ToString("N")[..8], payload.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Arbitrary strings may hold lone surrogates or NUL; those are refused by design, so strip them.</summary>
    private static string Sanitize(string text)
    {
        var chars = text.Where(c => c != '\0' && !char.IsSurrogate(c)).ToArray();
        return new string(chars);
    }
}
