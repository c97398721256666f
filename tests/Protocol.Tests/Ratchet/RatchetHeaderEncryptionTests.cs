using Pvtcoms.Protocol.Ratchet;

namespace Pvtcoms.Protocol.Tests.Ratchet;

/// <summary>The relay sees no ratchet public key: headers are encrypted.</summary>
public sealed class RatchetHeaderEncryptionTests
{
    [Fact]
    public void Two_messages_of_one_chain_show_no_ratchet_public_key_bytes()
    {
        using var c = new RatchetConversation(41);
        c.RoundTrip("warm-up");
        var first = c.Send(c.Alice, "first");
        var second = c.Send(c.Alice, "second");
        var publicKey = c.Alice.CurrentRatchetPublicKey.ToArray();

        foreach (var message in new[] { first, second })
        {
            for (var offset = 0; offset + 8 <= publicKey.Length; offset++)
            {
                Assert.Equal(-1, message.AsSpan().IndexOf(publicKey.AsSpan(offset, 8)));
            }
        }

        Assert.NotEqual(first.AsSpan(1, RatchetLimits.EncryptedHeaderSize).ToArray(),
            second.AsSpan(1, RatchetLimits.EncryptedHeaderSize).ToArray());
        c.Receive(c.Bob, second, "second");
        c.Receive(c.Bob, first, "first");
    }

    [Fact]
    public void Reply_headers_do_not_show_the_repliers_ratchet_public_key()
    {
        using var c = new RatchetConversation(42);
        c.Receive(c.Bob, c.Send(c.Alice, "hi"), "hi");
        var reply = c.Send(c.Bob, "reply");
        Assert.Equal(-1, reply.AsSpan().IndexOf(c.Bob.CurrentRatchetPublicKey));
        Assert.Equal(-1, reply.AsSpan().IndexOf(c.BobPublicKey));
        c.Receive(c.Alice, reply, "reply");
    }

    [Fact]
    public void Every_message_has_the_same_framing_overhead()
    {
        using var c = new RatchetConversation(43);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(RatchetLimits.MinMessageLength + 3, c.Send(c.Alice, "abc").Length);
            c.RoundTrip("r");
        }
    }
}
