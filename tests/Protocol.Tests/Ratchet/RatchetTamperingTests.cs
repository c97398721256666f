using FsCheck.Xunit;
using Pvtcoms.Protocol.Ratchet;

namespace Pvtcoms.Protocol.Tests.Ratchet;

/// <summary>A changed, cut or extended message is refused, changes nothing, and the genuine one still decrypts.</summary>
public sealed class RatchetTamperingTests
{
    /// <summary>Which decryption path the tampered message would have taken.</summary>
    private enum Path
    {
        SameChain,
        NewRatchetKey,
        SkippedKey,
    }

    [Property(MaxTest = 300)]
    public void Any_single_bit_flip_is_refused_and_leaves_the_receiver_unchanged(byte rounds, byte pathSelector, int bit, int seed)
    {
        using var c = new RatchetConversation(seed);
        var (receiver, message, text) = Prepare(c, rounds % 5, (Path)(pathSelector % 3));

        var tampered = (byte[])message.Clone();
        var position = (int)((uint)bit % (uint)(tampered.Length * 8));
        tampered[position / 8] ^= (byte)(1 << (position % 8));

        var before = receiver.Serialize();
        var result = c.Deliver(receiver, tampered);
        Assert.False(result.IsOk);
        Assert.Equal(before, receiver.Serialize());

        c.Receive(receiver, message, text);
    }

    [Fact]
    public void Every_truncation_and_any_appended_byte_is_refused_without_a_state_change()
    {
        using var c = new RatchetConversation(21);
        var (receiver, message, text) = Prepare(c, 2, Path.NewRatchetKey);
        var before = receiver.Serialize();
        for (var length = 0; length < message.Length; length++)
        {
            var result = c.Deliver(receiver, message.AsSpan(0, length).ToArray());
            Assert.False(result.IsOk);
            if (length < RatchetLimits.MinMessageLength)
            {
                Assert.Equal(ProtocolError.Truncated, result.Error);
            }

            Assert.Equal(before, receiver.Serialize());
        }

        var extended = new byte[message.Length + 1];
        message.CopyTo(extended, 0);
        Assert.Equal(ProtocolError.MessageDecryptionFailed, c.Deliver(receiver, extended).Error);
        Assert.Equal(before, receiver.Serialize());

        c.Receive(receiver, message, text);
    }

    [Fact]
    public void Unknown_version_is_refused()
    {
        using var c = new RatchetConversation(22);
        var message = c.Send(c.Alice, "v");
        message[0] = 2;
        Assert.Equal(ProtocolError.UnsupportedVersion, c.Deliver(c.Bob, message).Error);
    }

    [Fact]
    public void A_body_swapped_between_two_messages_is_refused()
    {
        using var c = new RatchetConversation(23);
        var first = c.Send(c.Alice, "first message");
        var second = c.Send(c.Alice, "other message");
        var spliced = (byte[])first.Clone();
        second.AsSpan(1 + RatchetLimits.EncryptedHeaderSize).CopyTo(spliced.AsSpan(1 + RatchetLimits.EncryptedHeaderSize));
        var before = c.Bob.Serialize();
        Assert.Equal(ProtocolError.MessageDecryptionFailed, c.Deliver(c.Bob, spliced).Error);
        Assert.Equal(before, c.Bob.Serialize());
        c.Receive(c.Bob, second, "other message");
        c.Receive(c.Bob, first, "first message");
    }

    private static (RatchetSession Receiver, byte[] Message, string Text) Prepare(RatchetConversation c, int rounds, Path path)
    {
        for (var i = 0; i < rounds; i++)
        {
            c.RoundTrip("setup" + i);
        }

        switch (path)
        {
            case Path.SameChain:
                c.Receive(c.Bob, c.Send(c.Alice, "opener"), "opener");
                return (c.Bob, c.Send(c.Alice, "same chain"), "same chain");
            case Path.NewRatchetKey:
                if (rounds == 0)
                {
                    return (c.Bob, c.Send(c.Alice, "first ever"), "first ever");
                }

                c.Receive(c.Bob, c.Send(c.Alice, "ping"), "ping");
                return (c.Alice, c.Send(c.Bob, "new ratchet key"), "new ratchet key");
            default:
                var skipped = c.Send(c.Alice, "skipped");
                c.Receive(c.Bob, c.Send(c.Alice, "overtook"), "overtook");
                c.Receive(c.Alice, c.Send(c.Bob, "reply moves the ratchet"), "reply moves the ratchet");
                c.Receive(c.Bob, c.Send(c.Alice, "new chain"), "new chain");
                return (c.Bob, skipped, "skipped");
        }
    }
}
