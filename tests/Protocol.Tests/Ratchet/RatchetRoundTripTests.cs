using Pvtcoms.Protocol.Ratchet;

namespace Pvtcoms.Protocol.Tests.Ratchet;

public sealed class RatchetRoundTripTests
{
    [Fact]
    public void Alice_to_Bob_decrypts()
    {
        using var c = new RatchetConversation(1);
        c.Receive(c.Bob, c.Send(c.Alice, "hello bob"), "hello bob");
    }

    [Fact]
    public void Bob_to_Alice_decrypts_after_Bob_has_heard_from_Alice()
    {
        using var c = new RatchetConversation(2);
        c.Receive(c.Bob, c.Send(c.Alice, "hi"), "hi");
        c.Receive(c.Alice, c.Send(c.Bob, "hello alice"), "hello alice");
        c.Receive(c.Alice, c.Send(c.Bob, "again"), "again");
    }

    [Fact]
    public void Long_alternation_decrypts_every_message()
    {
        using var c = new RatchetConversation(3);
        for (var i = 0; i < 200; i++)
        {
            c.RoundTrip(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Long_one_direction_run_decrypts_every_message_in_order()
    {
        using var c = new RatchetConversation(4);
        for (var i = 0; i < 2000; i++)
        {
            var text = "m" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            c.Receive(c.Bob, c.Send(c.Alice, text), text);
        }

        c.Receive(c.Alice, c.Send(c.Bob, "reply"), "reply");
        for (var i = 0; i < 500; i++)
        {
            var text = "r" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            c.Receive(c.Alice, c.Send(c.Bob, text), text);
        }
    }

    [Fact]
    public void Empty_plaintext_round_trips()
    {
        using var c = new RatchetConversation(5);
        var message = c.Alice.Encrypt([], c.AssociatedData, c.Entropy);
        Assert.Equal(RatchetLimits.MinMessageLength, message.Length);
        var result = c.Deliver(c.Bob, message);
        Assert.True(result.IsOk);
        Assert.Empty(result.Value);
    }

    [Fact]
    public void Max_size_plaintext_round_trips_and_one_more_byte_is_refused()
    {
        using var c = new RatchetConversation(6);
        var plaintext = new byte[RatchetLimits.MaxPlaintextLength];
        c.Entropy.Fill(plaintext);
        var message = c.Alice.Encrypt(plaintext, c.AssociatedData, c.Entropy);
        Assert.Equal(RatchetLimits.MaxMessageLength, message.Length);
        var result = c.Deliver(c.Bob, message);
        Assert.True(result.IsOk);
        Assert.Equal(plaintext, result.Value);

        Assert.Throws<ArgumentException>(() => c.Alice.Encrypt(new byte[RatchetLimits.MaxPlaintextLength + 1], c.AssociatedData, c.Entropy));
    }

    [Fact]
    public void Oversized_message_is_refused_as_too_large()
    {
        using var c = new RatchetConversation(7);
        var before = c.Bob.Serialize();
        Assert.Equal(ProtocolError.RatchetMessageTooLarge, c.Deliver(c.Bob, new byte[RatchetLimits.MaxMessageLength + 1]).Error);
        Assert.Equal(before, c.Bob.Serialize());
    }

    [Fact]
    public void Responder_cannot_send_before_hearing_from_the_initiator()
    {
        using var c = new RatchetConversation(8);
        Assert.Throws<InvalidOperationException>(() => c.Send(c.Bob, "too early"));
    }

    [Fact]
    public void Associated_data_of_the_wrong_size_is_a_caller_bug()
    {
        using var c = new RatchetConversation(9);
        Assert.Throws<ArgumentException>(() => c.Alice.Encrypt([1], new byte[31], c.Entropy));
        var message = c.Send(c.Alice, "x");
        Assert.Throws<ArgumentException>(() => c.Bob.TryDecrypt(message, new byte[33]));
    }

    [Fact]
    public void Different_associated_data_fails_the_body_and_changes_nothing()
    {
        using var c = new RatchetConversation(10);
        var message = c.Send(c.Alice, "bound to the transcript");
        var before = c.Bob.Serialize();
        var otherTranscript = (byte[])c.AssociatedData.Clone();
        otherTranscript[0] ^= 1;
        Assert.Equal(ProtocolError.MessageDecryptionFailed, c.Bob.TryDecrypt(message, otherTranscript).Error);
        Assert.Equal(before, c.Bob.Serialize());
        c.Receive(c.Bob, message, "bound to the transcript");
    }

    [Fact]
    public void A_session_with_other_header_keys_cannot_read_the_header()
    {
        using var c = new RatchetConversation(11);
        using var stranger = new RatchetConversation(12);
        var message = c.Send(c.Alice, "not for you");
        var before = stranger.Bob.Serialize();
        Assert.Equal(ProtocolError.HeaderDecryptionFailed, stranger.Bob.TryDecrypt(message, c.AssociatedData).Error);
        Assert.Equal(before, stranger.Bob.Serialize());
    }

    [Fact]
    public void ToString_reveals_nothing()
    {
        using var c = new RatchetConversation(13);
        Assert.Equal("RatchetSession", c.Alice.ToString());
        Assert.Equal("RatchetSession", c.Bob.ToString());
    }
}
