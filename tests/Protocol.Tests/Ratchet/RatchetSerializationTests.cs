using System.Buffers.Binary;
using FsCheck.Xunit;
using Pvtcoms.Protocol.Ratchet;

namespace Pvtcoms.Protocol.Tests.Ratchet;

/// <summary>State survives Serialize → Deserialize; hostile state bytes give typed errors; Dispose zeroes.</summary>
public sealed class RatchetSerializationTests
{
    [Fact]
    public void A_restored_session_continues_the_conversation()
    {
        using var c = new RatchetConversation(61);
        c.RoundTrip("one");
        var skipped = c.Send(c.Alice, "skipped");
        c.Receive(c.Bob, c.Send(c.Alice, "delivered"), "delivered");

        var aliceState = c.Alice.Serialize();
        var bobState = c.Bob.Serialize();
        c.Alice.Dispose();
        c.Bob.Dispose();
        c.Alice = RatchetSession.Deserialize(aliceState).Value;
        c.Bob = RatchetSession.Deserialize(bobState).Value;
        Assert.Equal(aliceState, c.Alice.Serialize());
        Assert.Equal(bobState, c.Bob.Serialize());

        c.Receive(c.Bob, skipped, "skipped");
        for (var i = 0; i < 3; i++)
        {
            c.RoundTrip("after" + i);
        }
    }

    [Fact]
    public void A_fresh_responder_state_round_trips_and_can_still_receive()
    {
        using var c = new RatchetConversation(62);
        var state = c.Bob.Serialize();
        c.Bob.Dispose();
        c.Bob = RatchetSession.Deserialize(state).Value;
        c.RoundTrip("fresh");
    }

    [Fact]
    public void Every_truncation_of_a_state_is_a_typed_error()
    {
        using var c = new RatchetConversation(63);
        c.Receive(c.Bob, c.Send(c.Alice, "x"), "x");
        c.Send(c.Alice, "skipped");
        c.Receive(c.Bob, c.Send(c.Alice, "y"), "y");
        c.Receive(c.Alice, c.Send(c.Bob, "z"), "z");
        var state = c.Bob.Serialize();
        for (var length = 0; length < state.Length; length++)
        {
            var result = RatchetSession.Deserialize(state.AsSpan(0, length));
            Assert.False(result.IsOk);
        }

        var extended = new byte[state.Length + 1];
        state.CopyTo(extended, 0);
        Assert.Equal(ProtocolError.TrailingBytes, RatchetSession.Deserialize(extended).Error);
    }

    [Fact]
    public void Thousands_of_random_mutations_never_throw()
    {
        using var c = new RatchetConversation(64);
        c.RoundTrip("a");
        c.Send(c.Alice, "skipped");
        c.Receive(c.Bob, c.Send(c.Alice, "b"), "b");
        c.RoundTrip("c");
        var state = c.Bob.Serialize();
        var random = new Random(64);
        var errors = 0;
        for (var i = 0; i < 3000; i++)
        {
            var mutated = Mutate(state, random);
            var result = RatchetSession.Deserialize(mutated);
            if (result.IsOk)
            {
                // Whatever was accepted is a consistent state that serializes back to itself.
                using var session = result.Value;
                Assert.Equal(mutated, session.Serialize());
            }
            else
            {
                errors++;
                Assert.NotEqual(ProtocolError.None, result.Error);
            }
        }

        Assert.True(errors > 100, $"only {errors} of 3000 mutations were refused");
    }

    [Property(MaxTest = 500)]
    public void Garbage_state_bytes_give_a_typed_error(byte[] garbage)
    {
        var result = RatchetSession.Deserialize(garbage);
        Assert.False(result.IsOk);
    }

    [Fact]
    public void Structural_corruption_is_named()
    {
        using var c = new RatchetConversation(65);
        c.Receive(c.Bob, c.Send(c.Alice, "x"), "x");
        var state = c.Bob.Serialize();

        var wrongVersion = (byte[])state.Clone();
        wrongVersion[0] = 9;
        Assert.Equal(ProtocolError.UnsupportedVersion, RatchetSession.Deserialize(wrongVersion).Error);

        var unknownFlag = (byte[])state.Clone();
        unknownFlag[1] |= 0x80;
        Assert.Equal(ProtocolError.InvalidRatchetState, RatchetSession.Deserialize(unknownFlag).Error);

        var wrongPrivateKey = (byte[])state.Clone();
        wrongPrivateKey[2 + 5] ^= 0x40;
        Assert.Equal(ProtocolError.InvalidRatchetState, RatchetSession.Deserialize(wrongPrivateKey).Error);

        var tooManySkipped = (byte[])state.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(tooManySkipped.AsSpan(RatchetStateCodec.FixedSize - 2), RatchetLimits.MaxSkippedTotal + 1);
        Assert.Equal(ProtocolError.InvalidRatchetState, RatchetSession.Deserialize(tooManySkipped).Error);

        Assert.Equal(ProtocolError.LengthOutOfRange, RatchetSession.Deserialize(new byte[RatchetStateCodec.MaxStateSize + 1]).Error);
    }

    [Fact]
    public void Dispose_zeroes_every_secret_and_later_use_throws()
    {
        using var c = new RatchetConversation(66);
        c.RoundTrip("a");
        c.Send(c.Alice, "skipped");
        c.Receive(c.Bob, c.Send(c.Alice, "b"), "b");
        c.RoundTrip("c");
        var message = c.Send(c.Alice, "pending");

        var buffers = c.Bob.SecretBuffersForTest();
        Assert.True(buffers.Count >= 5);
        Assert.Contains(buffers, b => b.AsSpan().ContainsAnyExcept((byte)0));

        c.Bob.Dispose();
        foreach (var buffer in buffers)
        {
            Assert.False(buffer.AsSpan().ContainsAnyExcept((byte)0), "a secret buffer was not zeroed");
        }

        Assert.Throws<ObjectDisposedException>(() => c.Bob.Serialize());
        Assert.Throws<ObjectDisposedException>(() => c.Bob.TryDecrypt(message, c.AssociatedData));
        Assert.Throws<ObjectDisposedException>(() => c.Bob.Encrypt([], c.AssociatedData, c.Entropy));
        c.Bob.Dispose();
    }

    private static byte[] Mutate(byte[] state, Random random)
    {
        var bytes = (byte[])state.Clone();
        switch (random.Next(5))
        {
            case 0:
                bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return bytes;
            case 1:
                bytes[random.Next(Math.Min(bytes.Length, RatchetStateCodec.FixedSize))] = (byte)random.Next(256);
                return bytes;
            case 2:
                return bytes.AsSpan(0, random.Next(bytes.Length)).ToArray();
            case 3:
                var longer = new byte[bytes.Length + random.Next(1, 80)];
                bytes.CopyTo(longer, 0);
                random.NextBytes(longer.AsSpan(bytes.Length));
                return longer;
            default:
                var start = random.Next(bytes.Length);
                random.NextBytes(bytes.AsSpan(start, Math.Min(bytes.Length - start, random.Next(1, 40))));
                return bytes;
        }
    }
}
