using System.Globalization;
using FsCheck.Xunit;
using Pvtcoms.Protocol.Ratchet;

namespace Pvtcoms.Protocol.Tests.Ratchet;

/// <summary>
/// Any schedule of sends from either side, delivered in any order, duplicated or dropped (within the skip
/// and expiry bounds), decrypts every delivered message exactly once.
/// </summary>
public sealed class RatchetDeliveryPropertyTests
{
    /// <summary>60 operations cannot produce 21 DH steps after a pending message, nor a 1000-message gap.</summary>
    private const int MaxOperations = 60;

    [Property(MaxTest = 300)]
    public void Every_first_delivery_decrypts_and_every_duplicate_is_refused(byte[] operations, int seed)
    {
        using var c = new RatchetConversation(seed);
        var toBob = new List<InFlight>();
        var toAlice = new List<InFlight>();
        var bobHasHeard = false;
        var sent = 0;
        var count = Math.Min(operations.Length, MaxOperations);
        for (var i = 0; i < count; i++)
        {
            var kind = operations[i] & 3;
            var selector = operations[i] >> 2;
            switch (kind)
            {
                case 0:
                case 1 when !bobHasHeard:
                    toBob.Add(Send(c, c.Alice, sent++, dropped: selector % 5 == 0));
                    break;
                case 1:
                    toAlice.Add(Send(c, c.Bob, sent++, dropped: selector % 5 == 0));
                    break;
                case 2:
                    bobHasHeard |= DeliverOne(c, c.Bob, toBob, selector);
                    break;
                default:
                    DeliverOne(c, c.Alice, toAlice, selector);
                    break;
            }
        }

        // Whatever was neither dropped nor delivered yet arrives last, newest first.
        FlushNewestFirst(c, c.Bob, toBob);
        FlushNewestFirst(c, c.Alice, toAlice);
    }

    private static InFlight Send(RatchetConversation c, RatchetSession from, int index, bool dropped)
    {
        var text = "msg-" + index.ToString(CultureInfo.InvariantCulture);
        return new InFlight(c.Send(from, text), text, dropped);
    }

    /// <returns>True when a message was decrypted for the first time.</returns>
    private static bool DeliverOne(RatchetConversation c, RatchetSession to, List<InFlight> inFlight, int selector)
    {
        var candidates = new List<InFlight>();
        foreach (var m in inFlight)
        {
            if (!m.Dropped)
            {
                candidates.Add(m);
            }
        }

        if (candidates.Count == 0)
        {
            return false;
        }

        var message = candidates[selector % candidates.Count];
        return Deliver(c, to, message);
    }

    private static bool Deliver(RatchetConversation c, RatchetSession to, InFlight message)
    {
        var before = to.Serialize();
        var result = c.Deliver(to, message.Bytes);
        if (message.Delivered)
        {
            Assert.Equal(ProtocolError.DuplicateMessage, result.Error);
            Assert.Equal(before, to.Serialize());
            return false;
        }

        Assert.True(result.IsOk, $"first delivery failed: {result.Error}");
        Assert.Equal(message.Text, System.Text.Encoding.UTF8.GetString(result.Value));
        message.Delivered = true;
        return true;
    }

    private static void FlushNewestFirst(RatchetConversation c, RatchetSession to, List<InFlight> inFlight)
    {
        for (var i = inFlight.Count - 1; i >= 0; i--)
        {
            if (!inFlight[i].Dropped && !inFlight[i].Delivered)
            {
                Deliver(c, to, inFlight[i]);
            }
        }
    }

    private sealed class InFlight(byte[] bytes, string text, bool dropped)
    {
        public byte[] Bytes { get; } = bytes;

        public string Text { get; } = text;

        public bool Dropped { get; } = dropped;

        public bool Delivered { get; set; }
    }
}
